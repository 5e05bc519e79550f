import { Module } from '@nestjs/common';
import { messagingEntities } from '#libs/messaging';
import { migrations } from '../migrations/index.js';

@Module({})
export class IdentityModule {}

export const persistence = { entities: [...messagingEntities], migrations };
