/** The branch remediate commits on unless told otherwise: `okta-access/remediate-<campaign-slug>`. */
export function defaultBranch(campaignName: string, campaignId: string): string {
  return `okta-access/remediate-${slug(campaignName) || slug(campaignId)}`;
}

/** Lower-case ASCII letters and digits joined by single dashes, at most 60 characters. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}
