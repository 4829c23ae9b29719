import type { HandlerRegistry } from '../context.js';
import { appCreate } from './app-create.js';
import { assignmentAdd } from './assignment-add.js';
import { assignmentRemove } from './assignment-remove.js';
import { campaignCreate } from './campaign-create.js';
import { campaignEnd } from './campaign-end.js';
import { campaignLaunch } from './campaign-launch.js';
import { campaignReplace } from './campaign-replace.js';
import { groupAdopt } from './group-adopt.js';
import { groupCreate } from './group-create.js';
import { groupDelete } from './group-delete.js';
import { groupUpdate } from './group-update.js';
import { membershipAdd } from './membership-add.js';
import { membershipRemove } from './membership-remove.js';
import { userDeactivate } from './user-deactivate.js';
import { userSource } from './user-source.js';

/** One handler per change kind: the only code that writes to Okta. */
export const handlers: HandlerRegistry = {
  'app.create': appCreate,
  'group.create': groupCreate,
  'group.adopt': groupAdopt,
  'group.update': groupUpdate,
  'assignment.add': assignmentAdd,
  'membership.add': membershipAdd,
  'membership.remove': membershipRemove,
  'assignment.remove': assignmentRemove,
  'group.delete': groupDelete,
  'campaign.replace': campaignReplace,
  'campaign.create': campaignCreate,
  'campaign.launch': campaignLaunch,
  'campaign.end': campaignEnd,
  'user.source': userSource,
  'user.deactivate': userDeactivate,
};
