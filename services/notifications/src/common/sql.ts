import { schemaOf } from '#libs/contracts';

/** The service's schema, quoted, for SQL outside the entities. */
export const S = `"${schemaOf('notifications')}"`;
