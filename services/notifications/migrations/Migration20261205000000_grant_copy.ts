import { GrantCopyMigration } from '#libs/service-defaults';

/** The shared grant copy: who may still read notifications about a creator. */
export class Migration20261205000000GrantCopy extends GrantCopyMigration {}
