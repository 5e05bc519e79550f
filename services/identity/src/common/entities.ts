import { User } from '../accounts/user.entity.js';
import { Member, Organization } from '../accounts/organization.entity.js';
import { RefreshToken, Session, SigningKey } from '../tokens/token.entities.js';
import { DelegationGrant } from '../grants/grant.entity.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { Invitation } from '../members/invitation.entity.js';
import { ApiKey } from '../api-keys/api-key.entity.js';

export const IDENTITY_ENTITIES = [User, Organization, Member, RefreshToken, Session, SigningKey, DelegationGrant, AuditEntry, Invitation, ApiKey] as const;
