/**
 * The ownership marker in an Okta description (a group's or a campaign's). The tool writes it as the whole
 * description, or after the object's own description and one space (`Payroll admins [managed by okta-access-gitops]`,
 * the form every version has written). It is found only where it can have been written: the whole description, a
 * whole line of it, or its end after whitespace — never inside other text, so that a marker such as `auditors` does
 * not claim "read-only auditors, owned by Finance".
 */
export function carriesMarker(description: string | null | undefined, marker: string): boolean {
  if (description === null || description === undefined) return false;
  const wanted = marker.trim();
  if (wanted === '') return false;
  const text = description.trimEnd();
  if (text.endsWith(wanted)) {
    const before = text.length - wanted.length - 1;
    if (before < 0 || /\s/.test(text.charAt(before))) return true;
  }
  return description.split(/\r\n|\r|\n/).some((line) => line.trim() === wanted);
}

/**
 * The description without the marker where `carriesMarker` finds it (the whole description, a line, or the end after
 * whitespace), trimmed; undefined when nothing else is left. A description that does not carry it is only trimmed.
 */
export function withoutMarker(description: string | null | undefined, marker: string): string | undefined {
  if (description === null || description === undefined) return undefined;
  const wanted = marker.trim();
  let text = description;
  if (wanted !== '' && carriesMarker(description, marker)) {
    const lines = description.split(/\r\n|\r|\n/).filter((line) => line.trim() !== wanted);
    text = lines.join('\n').trimEnd();
    if (text.endsWith(wanted) && /\s/.test(text.charAt(text.length - wanted.length - 1))) {
      text = text.slice(0, text.length - wanted.length);
    }
  }
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}
