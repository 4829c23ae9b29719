/**
 * Management operations whose responses suites other than management.test.ts check (emulator only: a real org cannot
 * take back a deleted user), so that each suite asserts its own coverage.
 */
export const userLifecycleOperations: readonly string[] = [
  'updateUser',
  'replaceUser',
  'deleteUser',
  'activateUser',
  'reactivateUser',
  'suspendUser',
  'unsuspendUser',
  'unlockUser',
  'expirePassword',
  'resetPassword',
  'resetFactors',
  'revokeUserSessions',
];

export const appSignOnModeOperations: readonly string[] = ['replaceApplication'];

/** Governance operations checked by owners-and-risk-rules.test.ts (resource owners, risk rules, assessments). */
export const ownerAndRiskRuleOperations: readonly string[] = [
  'configureResourceOwners',
  'listResourceOwners',
  'updateResourceOwners',
  'listResourceOwnerCatalogResources',
  'createRiskRule',
  'listRiskRules',
  'getRiskRule',
  'replaceRiskRule',
  'deleteRiskRule',
  'generatePotentialRiskAssessments',
];
