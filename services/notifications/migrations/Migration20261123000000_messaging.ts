import { MessagingTablesMigration } from '#libs/messaging';

export class Migration20261123000000Messaging extends MessagingTablesMigration {}
