// The two baselines the plan benchmark sets beside `plan`, as small HTTP clients of the Okta API (plain keep-alive
// requests, SSWS token). Each issues every request its model calls for against the emulator; the benchmark counts
// them on the emulator's side (`/__emulator/requests`), not here.
//
// Row-at-a-time, as Okta's example Workflows do it (shared/seeds: flow M40 and its sub-flows M41–M44) — for every CSV
// row: read the user by email (`GET /api/v1/users/{email}`, M41), search the row's group by name
// (`GET /api/v1/groups?q=<app>-<group>`, M44), add the member (`PUT /api/v1/groups/{gid}/users/{uid}`, M44); once per
// app: find the app by name (`GET /api/v1/apps?q=<label>`, M42); once per group: assign it to the app
// (`PUT /api/v1/apps/{aid}/groups/{gid}`, M44).
//
// Per-resource refresh, as Terraform's okta provider refreshes a configuration that manages the same org one resource
// at a time, at the provider's page size (200): per `okta_group`, `GET /api/v1/groups/{id}`; per
// `okta_group_memberships`, `GET /api/v1/groups/{id}/users?limit=200` and every next page; per
// `okta_app_group_assignment`, `GET /api/v1/apps/{aid}/groups/{gid}`; per `data "okta_app"` (by label),
// `GET /api/v1/apps?q=<label>&limit=1`; per `data "okta_user"` (`user_id` set to the email, which Okta's get-user
// accepts as a login, with `skip_groups` and `skip_roles`: its cheapest form), `GET /api/v1/users/{email}`. Its
// `search` form costs the same one request per user (`GET /api/v1/users?search=profile.email eq "…"&limit=1`), but
// the emulator answers a search by scanning every user, too slow for 20,000 lookups in the benchmark's time. Resource
// IDs come from the Terraform state, which the benchmark takes from the emulator's admin surface (not counted).
import http from 'node:http';

const token = 'okta-emulator-token';

/** A keep-alive JSON client on one base URL; `get`/`put` resolve to { status, body, next }. */
export function client(baseUrl, connections) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const send = (method, target) =>
    new Promise((resolve, reject) => {
      const request = http.request(
        new URL(target, baseUrl),
        {
          method,
          agent,
          headers: { authorization: `SSWS ${token}`, accept: 'application/json', 'content-length': 0 },
        },
        (response) => {
          const chunks = [];
          response.on('data', (chunk) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const link = String(response.headers.link ?? '');
            const next = /<([^>]+)>;\s*rel="next"/.exec(link)?.[1];
            resolve({ status: response.statusCode, body: text === '' ? undefined : JSON.parse(text), next });
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end();
    });
  const expect = async (method, target, statuses) => {
    const response = await send(method, target);
    if (!statuses.includes(response.status)) {
      throw new Error(`${method} ${target} answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
    return response;
  };
  return {
    get: (target) => expect('GET', target, [200]),
    put: (target) => expect('PUT', target, [200, 204]),
    close: () => agent.destroy(),
  };
}

/** Runs `work(item)` over items with at most `limit` in flight. */
export async function eachLimited(items, limit, work) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Row-at-a-time: rows are { email, app, group } (group = the Okta group name `<app>-<entitlement>`). Returns what it
 * did, so the caller can check it against the org.
 */
export async function rowAtATime({ url, rows, concurrency }) {
  const api = client(url, concurrency);
  try {
    const apps = [...new Set(rows.map((row) => row.app))];
    const appIds = new Map();
    // M42: each app is looked up by name once.
    await eachLimited(apps, concurrency, async (label) => {
      const found = (await api.get(`/api/v1/apps?q=${encodeURIComponent(label)}`)).body.find(
        (app) => app.label === label,
      );
      if (found === undefined) throw new Error(`no app ${label}`);
      appIds.set(label, found.id);
    });
    // M41 and M44, per row: the user by email, the group by name, the membership.
    const groupIds = new Map();
    let added = 0;
    await eachLimited(rows, concurrency, async (row) => {
      const user = (await api.get(`/api/v1/users/${encodeURIComponent(row.email)}`)).body;
      const group = (await api.get(`/api/v1/groups?q=${encodeURIComponent(row.group)}`)).body.find(
        (candidate) => candidate.profile.name === row.group,
      );
      if (group === undefined) throw new Error(`no group ${row.group}`);
      groupIds.set(row.group, { id: group.id, app: row.app });
      await api.put(`/api/v1/groups/${group.id}/users/${user.id}`);
      added++;
    });
    // M44, per group: assign it to its app.
    await eachLimited([...groupIds.values()], concurrency, async ({ id, app }) => {
      await api.put(`/api/v1/apps/${appIds.get(app)}/groups/${id}`);
    });
    return { rows: rows.length, apps: apps.length, groups: groupIds.size, added };
  } finally {
    api.close();
  }
}

/**
 * Per-resource refresh: state is the Terraform state's IDs — groups [{ id, appId }], apps [{ id, label }] — and
 * emails the `data "okta_user"` lookups. Returns the state it read back.
 */
export async function perResourceRefresh({ url, groups, apps, emails, concurrency }) {
  const api = client(url, concurrency);
  try {
    let memberships = 0;
    let assignments = 0;
    let users = 0;
    await eachLimited(apps, concurrency, async ({ label }) => {
      const found = (await api.get(`/api/v1/apps?q=${encodeURIComponent(label)}&limit=1`)).body;
      if (found.length !== 1) throw new Error(`data okta_app ${label} found ${found.length}`);
    });
    await eachLimited(groups, concurrency, async ({ id, appId }) => {
      await api.get(`/api/v1/groups/${id}`);
      let target = `/api/v1/groups/${id}/users?limit=200`;
      while (target !== undefined) {
        const page = await api.get(target);
        memberships += page.body.length;
        target = page.next;
      }
      const assignment = (await api.get(`/api/v1/apps/${appId}/groups/${id}`)).body;
      if (assignment.id === id) assignments++;
    });
    await eachLimited(emails, concurrency, async (email) => {
      const found = (await api.get(`/api/v1/users/${encodeURIComponent(email)}`)).body;
      if (found.profile.email === email) users++;
    });
    return { groups: groups.length, apps: apps.length, memberships, assignments, users };
  } finally {
    api.close();
  }
}
