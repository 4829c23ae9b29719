import type { DiagnosticCode } from '../model/diagnostic.js';

/**
 * What a plan does with a CSV row naming a person whose Okta status is not ACTIVE: whether the membership is planned,
 * and the warning at the row. It follows what Okta does when the membership is written: a group takes users in every
 * status but DEPROVISIONED (a deactivated user can be removed from a group, not added; Okta answers 403 E0000038
 * "This operation is not allowed in the user's current status"). Pure data; docs/decisions/0011 gives the reasons.
 */
export interface UserStateRule {
  /** Whether the membership.add is planned. */
  readonly grant: boolean;
  readonly code: DiagnosticCode;
  readonly message: (email: string, status: string) => string;
  readonly hint: string;
  /** At every row naming the person (a grant left out), or only at the first (a grant made but not yet usable). */
  readonly everyRow: boolean;
}

const notActivated: UserStateRule = {
  grant: true,
  code: 'USER_NOT_ACTIVATED',
  message: (email, status) =>
    `${email} is not activated in Okta (${status}): the membership is granted and becomes usable once the user is activated`,
  hint: 'activate the user in Okta (STAGED), or have them finish activation (PROVISIONED: set a password)',
  everyRow: false,
};

const passwordReset: UserStateRule = {
  grant: true,
  code: 'USER_PASSWORD_RESET',
  message: (email, status) =>
    `${email} must set a new password (${status}): the membership is granted and becomes usable after the reset`,
  hint: 'nothing to change in the repository: the user completes the password reset at the next sign-in',
  everyRow: false,
};

/** By Okta user status; ACTIVE (and any status not listed) is granted without a word. */
export const userStateRules: Readonly<Record<string, UserStateRule>> = {
  DEPROVISIONED: {
    grant: false,
    code: 'USER_DEACTIVATED',
    message: (email) =>
      `${email} is deactivated in Okta (DEPROVISIONED): the membership is not planned — Okta adds no deactivated user to a group`,
    hint: 'reactivate the user in Okta to grant it, or remove the row if the person has left',
    everyRow: true,
  },
  SUSPENDED: {
    grant: true,
    code: 'USER_SUSPENDED',
    message: (email) =>
      `${email} is suspended in Okta: the membership is granted and becomes usable once the user is unsuspended`,
    hint: 'unsuspend the user in Okta, or remove the row if the access should go',
    everyRow: false,
  },
  LOCKED_OUT: {
    grant: true,
    code: 'USER_LOCKED_OUT',
    message: (email) =>
      `${email} is locked out of Okta: the membership is granted and becomes usable once the user is unlocked`,
    hint: 'unlock the user in Okta (or wait for the lockout to end)',
    everyRow: false,
  },
  STAGED: notActivated,
  PROVISIONED: notActivated,
  PASSWORD_EXPIRED: passwordReset,
  RECOVERY: passwordReset,
};
