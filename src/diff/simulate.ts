import { assertNever, type Change } from '../model/change.js';
import type { OrgGroup, OrgModel } from '../model/org.js';

/**
 * What the org holds after `changes`, computed on the model alone: the reference the property tests check diff
 * against (diff then simulate gives the desired state), and what apply verifies the real org against.
 */
export function simulate(actual: OrgModel, changes: readonly Change[]): OrgModel {
  const apps = new Map(
    [...actual.apps].map(([label, app]) => [label, { ...app, assignedGroups: new Set(app.assignedGroups) }]),
  );
  const groups = new Map<string, OrgGroup>(
    [...actual.groups].map(([key, group]) => [key, { ...group, members: new Map(group.members) }]),
  );
  for (const change of changes) {
    switch (change.kind) {
      case 'app.create':
        apps.set(change.app, { label: change.app, id: `new:${change.app}`, assignedGroups: new Set() });
        break;
      case 'group.create':
        groups.set(change.group.toLowerCase(), {
          name: change.group,
          description: change.description,
          app: change.app,
          entitlement: change.entitlement,
          id: `new:${change.group}`,
          managed: true,
          type: 'OKTA_GROUP',
          members: new Map(),
        });
        break;
      case 'group.adopt': {
        const group = groups.get(change.group.toLowerCase());
        if (group !== undefined)
          groups.set(change.group.toLowerCase(), {
            ...group,
            description: change.description.to,
            managed: true,
          });
        break;
      }
      case 'group.update': {
        const group = groups.get(change.group.toLowerCase());
        if (group !== undefined)
          groups.set(change.group.toLowerCase(), { ...group, description: change.description.to });
        break;
      }
      case 'assignment.add':
        apps.get(change.app)?.assignedGroups.add(change.group.toLowerCase());
        break;
      case 'membership.add':
        groups
          .get(change.group.toLowerCase())
          ?.members.set(change.email, change.userId === undefined ? {} : { userId: change.userId });
        break;
      case 'membership.remove':
        groups.get(change.group.toLowerCase())?.members.delete(change.email);
        break;
      case 'assignment.remove':
        apps.get(change.app)?.assignedGroups.delete(change.group.toLowerCase());
        break;
      case 'group.delete':
        groups.delete(change.group.toLowerCase());
        for (const app of apps.values()) app.assignedGroups.delete(change.group.toLowerCase());
        break;
      case 'campaign.create':
      case 'campaign.replace':
      case 'campaign.launch':
      case 'campaign.end':
        // Campaigns are not part of the org model of groups and memberships.
        break;
      case 'user.source':
      case 'user.deactivate':
        // Users are not part of the org model either: they are read by email, beside it.
        break;
      default:
        assertNever(change);
    }
  }
  return { apps, groups };
}
