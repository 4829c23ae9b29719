import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { createCoverage, expectError, expectResponse } from './checks.js';
import { userLifecycleOperations } from './operation-suites.js';
import { type ContractTarget, field, records, startTarget, uniqueName } from './target.js';

/**
 * The user lifecycle on the emulator, checked against Okta's OpenAPI document: profile updates, every lifecycle
 * operation with the transitions Okta documents, the 403 of an operation a status does not allow, and deletion
 * (deactivate first). Emulator only: on a real org these write what cannot be taken back.
 */

const seed: SeedDocument = {
  users: [
    { email: 'locked.out@example.com', firstName: 'Locked', lastName: 'Out', status: 'LOCKED_OUT' },
    { email: 'gone@example.com', firstName: 'Gone', lastName: 'Away', status: 'DEPROVISIONED' },
  ],
  groups: [{ name: 'Lifecycle-Group' }],
};

describe('user lifecycle contract (emulator)', () => {
  const coverage = createCoverage();
  let target: ContractTarget;

  beforeAll(async () => {
    target = await startTarget('emulator', seed);
  });
  afterAll(async () => {
    await target.stop();
  });

  async function createUser(activate: boolean, password: boolean): Promise<string> {
    const login = `${uniqueName('lifecycle')}@example.com`;
    const response = await target.call('POST', `/api/v1/users?activate=${String(activate)}`, {
      body: {
        profile: { firstName: 'Life', lastName: 'Cycle', email: login, login },
        ...(password ? { credentials: { password: { value: 'Abcd1234#@' } } } : {}),
      },
    });
    expectResponse(coverage, 'createUser', response, 200);
    return String(field(response.body, 'id'));
  }

  async function status(id: string): Promise<unknown> {
    const response = await target.call('GET', `/api/v1/users/${id}`);
    expectResponse(coverage, 'getUser', response, 200);
    return field(response.body, 'status');
  }

  function lifecycle(id: string, operation: string, query = ''): ReturnType<ContractTarget['call']> {
    return target.call('POST', `/api/v1/users/${id}/lifecycle/${operation}${query}`);
  }

  it('createUser: STAGED without activation, ACTIVE with a password, PROVISIONED without one', async () => {
    expect(await status(await createUser(false, true))).toBe('STAGED');
    expect(await status(await createUser(true, true))).toBe('ACTIVE');
    expect(await status(await createUser(true, false))).toBe('PROVISIONED');
  });

  it('activateUser: STAGED → ACTIVE, with the activation link when sendEmail=false; 403 E0000016 when active', async () => {
    const id = await createUser(false, true);
    const activated = await lifecycle(id, 'activate', '?sendEmail=false');
    expectResponse(coverage, 'activateUser', activated, 200);
    expect(field(activated.body, 'activationUrl')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/welcome\//);
    expect(await status(id)).toBe('ACTIVE');
    expectError(coverage, 'activateUser', await lifecycle(id, 'activate'), 403, 'E0000016');
  });

  it('reactivateUser: PROVISIONED only (403 E0000038 otherwise)', async () => {
    const provisioned = await createUser(true, false);
    expectResponse(
      coverage,
      'reactivateUser',
      await lifecycle(provisioned, 'reactivate', '?sendEmail=false'),
      200,
    );
    expect(await status(provisioned)).toBe('PROVISIONED');
    const active = await createUser(true, true);
    expectError(coverage, 'reactivateUser', await lifecycle(active, 'reactivate'), 403, 'E0000038');
  });

  it('suspendUser and unsuspendUser: ACTIVE ⇄ SUSPENDED; each refused in the other status', async () => {
    const id = await createUser(true, true);
    expectError(coverage, 'unsuspendUser', await lifecycle(id, 'unsuspend'), 403, 'E0000038');
    expectResponse(coverage, 'suspendUser', await lifecycle(id, 'suspend'), 200);
    expect(await status(id)).toBe('SUSPENDED');
    expectError(coverage, 'suspendUser', await lifecycle(id, 'suspend'), 403, 'E0000038');
    expectResponse(coverage, 'unsuspendUser', await lifecycle(id, 'unsuspend'), 200);
    expect(await status(id)).toBe('ACTIVE');
  });

  it('unlockUser: LOCKED_OUT → ACTIVE; 403 E0000032 for a user who is not locked out', async () => {
    const active = await createUser(true, true);
    expectError(coverage, 'unlockUser', await lifecycle(active, 'unlock'), 403, 'E0000032');
    const locked = await target.call('GET', '/api/v1/users/locked.out@example.com');
    const id = String(field(locked.body, 'id'));
    expect(field(locked.body, 'status')).toBe('LOCKED_OUT');
    expectResponse(coverage, 'unlockUser', await lifecycle(id, 'unlock'), 200);
    expect(await status(id)).toBe('ACTIVE');
  });

  it('expirePassword answers the user PASSWORD_EXPIRED; resetPassword moves it to RECOVERY', async () => {
    const id = await createUser(true, true);
    const expired = await lifecycle(id, 'expire_password');
    expectResponse(coverage, 'expirePassword', expired, 200);
    expect(field(expired.body, 'status')).toBe('PASSWORD_EXPIRED');
    const reset = await lifecycle(id, 'reset_password', '?sendEmail=false');
    expectResponse(coverage, 'resetPassword', reset, 200);
    expect(field(reset.body, 'resetPasswordUrl')).toMatch(/\/reset_password\//);
    expect(await status(id)).toBe('RECOVERY');
    const staged = await createUser(false, true);
    expectError(coverage, 'expirePassword', await lifecycle(staged, 'expire_password'), 403, 'E0000038');
  });

  it('resetFactors answers 200 without a body; revokeUserSessions 204', async () => {
    const id = await createUser(true, true);
    const factors = await lifecycle(id, 'reset_factors');
    expectResponse(coverage, 'resetFactors', factors, 200);
    expect(factors.text).toBe('');
    const sessions = await target.call('DELETE', `/api/v1/users/${id}/sessions?oauthTokens=true`);
    expectResponse(coverage, 'revokeUserSessions', sessions, 204);
    expectError(
      coverage,
      'revokeUserSessions',
      await target.call('DELETE', '/api/v1/users/00u0000000000unknown/sessions'),
      404,
      'E0000007',
    );
  });

  it('updateUser changes the attributes sent and keeps the others; replaceUser replaces the profile', async () => {
    const id = await createUser(true, true);
    const updated = await target.call('POST', `/api/v1/users/${id}`, {
      body: { profile: { nickName: 'Batman', age: 33 } },
    });
    expectResponse(coverage, 'updateUser', updated, 200);
    expect(field(updated.body, 'profile')).toMatchObject({ firstName: 'Life', nickName: 'Batman', age: 33 });
    const profile = field(updated.body, 'profile') as Record<string, unknown>;
    const replaced = await target.call('PUT', `/api/v1/users/${id}`, {
      body: { profile: { ...profile, nickName: undefined, firstName: 'Replaced' } },
    });
    expectResponse(coverage, 'replaceUser', replaced, 200);
    expect(field(replaced.body, 'profile')).toMatchObject({ firstName: 'Replaced' });
    expect(field(replaced.body, 'profile')).not.toHaveProperty('nickName');
    const blank = await target.call('PUT', `/api/v1/users/${id}`, { body: { profile: { firstName: 'X' } } });
    expectError(coverage, 'replaceUser', blank, 400, 'E0000001');
  });

  it('deleteUser deactivates an active user first, deletes a deactivated one, then 404', async () => {
    const id = await createUser(true, true);
    expectResponse(coverage, 'deleteUser', await target.call('DELETE', `/api/v1/users/${id}`), 204);
    expect(await status(id)).toBe('DEPROVISIONED');
    expectError(
      coverage,
      'updateUser',
      await target.call('POST', `/api/v1/users/${id}`, {
        body: { profile: { nickName: 'x' } },
      }),
      404,
      'E0000007',
    );
    expectResponse(coverage, 'deleteUser', await target.call('DELETE', `/api/v1/users/${id}`), 204);
    expectError(coverage, 'getUser', await target.call('GET', `/api/v1/users/${id}`), 404, 'E0000007');
    expectError(coverage, 'deleteUser', await target.call('DELETE', `/api/v1/users/${id}`), 404, 'E0000007');
  });

  it('activateUser brings a deactivated user back; deactivateUser on it again changes nothing', async () => {
    const gone = await target.call('GET', '/api/v1/users/gone@example.com');
    const id = String(field(gone.body, 'id'));
    expectResponse(coverage, 'deactivateUser', await lifecycle(id, 'deactivate'), 200);
    expect(await status(id)).toBe('DEPROVISIONED');
    expectError(coverage, 'suspendUser', await lifecycle(id, 'suspend'), 403, 'E0000038');
    expectResponse(coverage, 'activateUser', await lifecycle(id, 'activate', '?sendEmail=true'), 200);
    expect(await status(id)).toBe('ACTIVE');
  });

  it('assignUserToGroup refuses a deactivated user (403) and takes a user of any other status', async () => {
    const groups = await target.call('GET', '/api/v1/groups?q=Lifecycle-Group');
    const groupId = String(records(groups.body)[0]?.id);
    const staged = await createUser(false, true);
    expectResponse(
      coverage,
      'assignUserToGroup',
      await target.call('PUT', `/api/v1/groups/${groupId}/users/${staged}`),
      204,
    );
    const suspended = await createUser(true, true);
    await lifecycle(suspended, 'suspend');
    expectResponse(
      coverage,
      'assignUserToGroup',
      await target.call('PUT', `/api/v1/groups/${groupId}/users/${suspended}`),
      204,
    );
    const deactivated = await createUser(true, true);
    await lifecycle(deactivated, 'deactivate');
    const refused = await target.call('PUT', `/api/v1/groups/${groupId}/users/${deactivated}`);
    expectError(coverage, 'assignUserToGroup', refused, 403, 'E0000038');
    expect(JSON.stringify(refused.body)).toContain("not allowed in the user's current status");
    // A member deactivated afterwards can still be removed.
    await lifecycle(staged, 'deactivate');
    expectResponse(
      coverage,
      'unassignUserFromGroup',
      await target.call('DELETE', `/api/v1/groups/${groupId}/users/${staged}`),
      204,
    );
    const members = await target.call('GET', `/api/v1/groups/${groupId}/users`);
    expect(records(members.body).map((member) => member.id)).toEqual([suspended]);
  });

  it('refuses profiles that are not objects, and a login another user holds (400 E0000001)', async () => {
    const id = await createUser(true, true);
    const other = await createUser(true, true);
    const otherLogin = (await target.call('GET', `/api/v1/users/${other}`)).body as {
      profile: { login: string };
    };
    const cases: [string, unknown][] = [
      ['POST', { profile: 'firstName=x' }],
      ['POST', { profile: ['x'] }],
      ['POST', { profile: { login: otherLogin.profile.login } }],
      ['PUT', {}],
      ['PUT', { profile: null }],
    ];
    for (const [method, body] of cases) {
      const response = await target.call(method, `/api/v1/users/${id}`, { body });
      expectError(coverage, method === 'POST' ? 'updateUser' : 'replaceUser', response, 400, 'E0000001');
    }
    expect(await status(id)).toBe('ACTIVE');
  });

  it('checked a response of every user lifecycle operation', () => {
    expect([...coverage.covered()]).toEqual(expect.arrayContaining([...userLifecycleOperations]));
  });
});
