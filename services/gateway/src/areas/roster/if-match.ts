/** `If-Match: "3"` (or `W/"3"`) names the version a write replaces, as the body's `version` may. */
export function versionFromIfMatch(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^(?:W\/)?"?(\d+)"?$/.exec(value.trim()) : null;
  return match ? Number(match[1]) : undefined;
}
