/** The `NODE_OPTIONS` of deploy/Dockerfile's runtime stage, as a string (empty when it sets none). */
export function serviceNodeOptions(text?: string): string;
