import { ProcessedCommandsMigration } from '#libs/service-defaults';

export class Migration20261130010000Commands extends ProcessedCommandsMigration {}
