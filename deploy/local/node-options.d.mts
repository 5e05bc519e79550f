/** The variables of the runtime stage that shape a service's memory, passed on to services started on the host. */
export const SERVICE_RUNTIME_VARIABLES: readonly string[];
/** The `NODE_OPTIONS` of deploy/Dockerfile's runtime stage, as a string (empty when it sets none). */
export function serviceNodeOptions(text?: string): string;
/** Every SERVICE_RUNTIME_VARIABLES value of deploy/Dockerfile's runtime stage (NODE_OPTIONS always, empty when unset). */
export function serviceEnvironment(text?: string): Record<string, string>;
