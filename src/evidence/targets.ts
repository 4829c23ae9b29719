import type { OktaPort } from '../okta/port.js';
import type { TargetGroup } from './model.js';

/**
 * The groups a campaign reviews, each with its members in Okta now, and what it stands for in the repository.
 * A group Okta no longer has is listed without name or members, with a warning.
 */
export async function readTargetGroups(
  port: OktaPort,
  groupIds: readonly string[],
  meanings: ReadonlyMap<string, { readonly app: string; readonly entitlement: string }>,
  warnings: string[],
): Promise<TargetGroup[]> {
  return Promise.all(
    groupIds.map(async (id): Promise<TargetGroup> => {
      const group = await port.getGroup(id);
      if (group === undefined) {
        warnings.push(`group ${id}, a target of the campaign, no longer exists in Okta`);
        return { id, name: null, app: null, entitlement: null, members: [] };
      }
      const members = await port.listGroupMembers(id);
      const meaning = meanings.get(group.name.toLowerCase());
      return {
        id,
        name: group.name,
        app: meaning?.app ?? null,
        entitlement: meaning?.entitlement ?? null,
        members: members.map((member) => ({
          id: member.id,
          email: member.email,
          login: member.login,
          status: member.status,
        })),
      };
    }),
  );
}
