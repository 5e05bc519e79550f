import { MessagingTablesV2Migration } from '#libs/messaging';

export class Migration20261130000000MessagingV2 extends MessagingTablesV2Migration {}
