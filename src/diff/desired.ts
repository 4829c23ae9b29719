import { managedDescription, type OrgModel } from '../model/org.js';
import type { DesiredState } from '../model/state.js';

/** The desired state in the shape of the diff: every entitlement a group, every group assigned to its app. */
export function desiredOrg(state: DesiredState): OrgModel {
  const model: OrgModel = { apps: new Map(), groups: new Map() };
  const marker = state.config.ownership.marker;
  for (const app of state.apps.values()) {
    const assignedGroups = new Set<string>();
    for (const entitlement of app.entitlements.values()) {
      const key = entitlement.groupName.toLowerCase();
      assignedGroups.add(key);
      model.groups.set(key, {
        name: entitlement.groupName,
        description: managedDescription(entitlement.description, marker),
        app: app.label,
        entitlement: entitlement.name,
        managed: true,
        ...(entitlement.adopt === true ? { adopt: true } : {}),
        members: new Map([...entitlement.members].map(([email, source]) => [email, { source }])),
        source: entitlement.source,
      });
    }
    model.apps.set(app.label, {
      label: app.label,
      assignedGroups,
      source: app.source,
      ...(app.id === undefined ? {} : { pinnedId: app.id }),
      ...(app.create === undefined ? {} : { create: app.create }),
    });
  }
  return model;
}
