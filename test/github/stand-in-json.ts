/**
 * The JSON the GitHub stand-in answers with: GitHub's shapes (issue-comment, issue, pull-request-simple, simple-user,
 * repository, reaction-rollup, integration), every required property filled the way api.github.com fills it. API URLs
 * point at the stand-in (as GitHub Enterprise Server's point at its host); web URLs at github.com.
 */

export type JsonObject = { [key: string]: unknown };

export interface Actor {
  readonly login: string;
  readonly id: number;
  readonly nodeId: string;
  readonly type: 'User' | 'Bot' | 'Organization';
}

/** Who the token belongs to: the workflow's token acts as the GitHub Actions bot. */
export const actionsBot: Actor = {
  login: 'github-actions[bot]',
  id: 41898282,
  nodeId: 'MDM6Qm90NDE4OTgyODI=',
  type: 'Bot',
};

/** The engineer who opens the pull requests and writes the other comments. */
export const engineer: Actor = { login: 'mona', id: 4231987, nodeId: nodeId('U', 4231987), type: 'User' };

export interface StoredLabel {
  readonly id: number;
  readonly name: string;
  readonly color: string;
}

export interface StoredPull {
  readonly headSha: string;
  readonly headRef: string;
  readonly baseSha: string;
  /** The branch it merges into; `main` when not given. */
  readonly baseRef?: string;
  readonly mergeCommitSha: string | null;
  readonly mergedAt: string | null;
}

export interface StoredIssue {
  readonly number: number;
  readonly id: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'reopened' | 'not_planned' | 'duplicate' | null;
  labels: StoredLabel[];
  readonly user: Actor;
  readonly createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: Actor | null;
  /** Present on pull requests: GitHub's issues API lists them too. */
  readonly pull?: StoredPull;
}

export interface StoredComment {
  readonly id: number;
  readonly issueNumber: number;
  body: string;
  readonly user: Actor;
  readonly createdAt: string;
  updatedAt: string;
}

export interface JsonContext {
  /** The stand-in's URL, the REST API root. */
  readonly api: string;
  readonly owner: string;
  readonly repo: string;
  readonly repositoryId: number;
  readonly createdAt: string;
  /** Open issues and pull requests, for the repository's counters. */
  readonly openIssues: number;
  readonly commentCount: (issueNumber: number) => number;
}

const web = 'https://github.com';

export function nodeId(prefix: string, id: number): string {
  return `${prefix}_kwDO${Buffer.from(`${prefix}:${id}`).toString('base64url')}`;
}

export function userJson(context: JsonContext, actor: Actor): JsonObject {
  const login = encodeURIComponent(actor.login);
  const user = `${context.api}/users/${login}`;
  return {
    login: actor.login,
    id: actor.id,
    node_id: actor.nodeId,
    avatar_url:
      actor.type === 'Bot'
        ? 'https://avatars.githubusercontent.com/in/15368?v=4'
        : `https://avatars.githubusercontent.com/u/${actor.id}?v=4`,
    gravatar_id: '',
    url: user,
    html_url: actor.type === 'Bot' ? `${web}/apps/${appSlug(actor)}` : `${web}/${login}`,
    followers_url: `${user}/followers`,
    following_url: `${user}/following{/other_user}`,
    gists_url: `${user}/gists{/gist_id}`,
    starred_url: `${user}/starred{/owner}{/repo}`,
    subscriptions_url: `${user}/subscriptions`,
    organizations_url: `${user}/orgs`,
    repos_url: `${user}/repos`,
    events_url: `${user}/events{/privacy}`,
    received_events_url: `${user}/received_events`,
    type: actor.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/**
 * `GET /user` for a user's token: the private profile (`user_view_type: private`), as GitHub shows an account to
 * itself.
 */
export function authenticatedUserJson(context: JsonContext, actor: Actor): JsonObject {
  return {
    ...userJson(context, actor),
    user_view_type: 'private',
    name: null,
    company: null,
    blog: '',
    location: null,
    email: null,
    notification_email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 3,
    public_gists: 0,
    followers: 12,
    following: 4,
    created_at: '2019-03-11T09:12:44Z',
    updated_at: context.createdAt,
    private_gists: 0,
    total_private_repos: 1,
    owned_private_repos: 1,
    disk_usage: 1540,
    collaborators: 0,
    two_factor_authentication: true,
    plan: { name: 'free', space: 976_562_499, collaborators: 0, private_repos: 10_000 },
  };
}

/** A bot account's app: `github-actions[bot]` is the GitHub Actions app's, `name[bot]` the app `name`'s. */
function appSlug(actor: Actor): string {
  return actor.login.replace(/\[bot\]$/, '');
}

function ownerActor(context: JsonContext): Actor {
  const id = 90_000_000 + (context.repositoryId % 1_000_000);
  return { login: context.owner, id, nodeId: nodeId('O', id), type: 'Organization' };
}

/**
 * The app GitHub names as `performed_via_github_app` on what an installation token writes: the GitHub Actions app for
 * the workflow token, else the bot's own app (same shape, its slug and name).
 */
function appJson(context: JsonContext, actor: Actor): JsonObject {
  const actions = actionsAppJson(context);
  if (actor.login === actionsBot.login) return actions;
  const slug = appSlug(actor);
  return {
    ...actions,
    id: 900_000 + (actor.id % 100_000),
    slug,
    node_id: nodeId('A', actor.id),
    client_id: `Iv23li${actor.id.toString(16).padStart(14, '0')}`,
    name: slug,
    description: null,
    external_url: `${web}/${slug}`,
    html_url: `${web}/apps/${slug}`,
  };
}

/** The GitHub Actions app, which GitHub names as `performed_via_github_app` on what the workflow token writes. */
function actionsAppJson(context: JsonContext): JsonObject {
  const github: Actor = {
    login: 'github',
    id: 9919,
    nodeId: 'MDEyOk9yZ2FuaXphdGlvbjk5MTk=',
    type: 'Organization',
  };
  return {
    id: 15368,
    slug: 'github-actions',
    node_id: 'MDM6QXBwMTUzNjg=',
    client_id: 'Iv1.05c79e9ad1f6bdfa',
    owner: userJson(context, github),
    name: 'GitHub Actions',
    description: 'Automate your workflow from idea to production',
    external_url: 'https://help.github.com/en/actions',
    html_url: `${web}/apps/github-actions`,
    created_at: '2018-07-30T09:30:17Z',
    updated_at: '2025-03-07T16:35:00Z',
    permissions: {
      actions: 'write',
      checks: 'write',
      contents: 'write',
      issues: 'write',
      metadata: 'read',
      pull_requests: 'write',
      statuses: 'write',
    },
    events: ['branch_protection_rule', 'check_run', 'issue_comment', 'issues', 'pull_request', 'push'],
  };
}

function performedVia(context: JsonContext, actor: Actor): JsonObject | null {
  return actor.type === 'Bot' ? appJson(context, actor) : null;
}

function authorAssociation(actor: Actor): string {
  return actor.type === 'Bot' ? 'NONE' : 'MEMBER';
}

function repoUrl(context: JsonContext): string {
  return `${context.api}/repos/${context.owner}/${context.repo}`;
}

function reactionsJson(url: string): JsonObject {
  return {
    url: `${url}/reactions`,
    total_count: 0,
    '+1': 0,
    '-1': 0,
    laugh: 0,
    hooray: 0,
    confused: 0,
    heart: 0,
    rocket: 0,
    eyes: 0,
  };
}

export function repositoryJson(context: JsonContext): JsonObject {
  const url = repoUrl(context);
  const fullName = `${context.owner}/${context.repo}`;
  return {
    id: context.repositoryId,
    node_id: nodeId('R', context.repositoryId),
    name: context.repo,
    full_name: fullName,
    private: true,
    owner: userJson(context, ownerActor(context)),
    html_url: `${web}/${fullName}`,
    description: 'Okta entitlements and access reviews as code',
    fork: false,
    url,
    forks_url: `${url}/forks`,
    keys_url: `${url}/keys{/key_id}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    teams_url: `${url}/teams`,
    hooks_url: `${url}/hooks`,
    issue_events_url: `${url}/issues/events{/number}`,
    events_url: `${url}/events`,
    assignees_url: `${url}/assignees{/user}`,
    branches_url: `${url}/branches{/branch}`,
    tags_url: `${url}/tags`,
    blobs_url: `${url}/git/blobs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    trees_url: `${url}/git/trees{/sha}`,
    statuses_url: `${url}/statuses/{sha}`,
    languages_url: `${url}/languages`,
    stargazers_url: `${url}/stargazers`,
    contributors_url: `${url}/contributors`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    commits_url: `${url}/commits{/sha}`,
    git_commits_url: `${url}/git/commits{/sha}`,
    comments_url: `${url}/comments{/number}`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    contents_url: `${url}/contents/{+path}`,
    compare_url: `${url}/compare/{base}...{head}`,
    merges_url: `${url}/merges`,
    archive_url: `${url}/{archive_format}{/ref}`,
    downloads_url: `${url}/downloads`,
    issues_url: `${url}/issues{/number}`,
    pulls_url: `${url}/pulls{/number}`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    labels_url: `${url}/labels{/name}`,
    releases_url: `${url}/releases{/id}`,
    deployments_url: `${url}/deployments`,
    created_at: context.createdAt,
    updated_at: context.createdAt,
    pushed_at: context.createdAt,
    git_url: `git://github.com/${fullName}.git`,
    ssh_url: `git@github.com:${fullName}.git`,
    clone_url: `${web}/${fullName}.git`,
    svn_url: `${web}/${fullName}`,
    homepage: null,
    size: 148,
    stargazers_count: 0,
    watchers_count: 0,
    language: null,
    has_issues: true,
    has_projects: true,
    has_downloads: true,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    forks_count: 0,
    mirror_url: null,
    archived: false,
    disabled: false,
    open_issues_count: context.openIssues,
    license: null,
    allow_forking: false,
    is_template: false,
    web_commit_signoff_required: false,
    topics: [],
    visibility: 'private',
    forks: 0,
    open_issues: context.openIssues,
    watchers: 0,
    default_branch: 'main',
  };
}

function labelJson(context: JsonContext, label: StoredLabel): JsonObject {
  return {
    id: label.id,
    node_id: nodeId('LA', label.id),
    url: `${repoUrl(context)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: false,
    description: null,
  };
}

export function commentJson(context: JsonContext, comment: StoredComment): JsonObject {
  const url = `${repoUrl(context)}/issues/comments/${comment.id}`;
  return {
    url,
    html_url: `${web}/${context.owner}/${context.repo}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${repoUrl(context)}/issues/${comment.issueNumber}`,
    id: comment.id,
    node_id: nodeId('IC', comment.id),
    user: userJson(context, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    body: comment.body,
    author_association: authorAssociation(comment.user),
    reactions: reactionsJson(url),
    performed_via_github_app: performedVia(context, comment.user),
  };
}

/** An issue (or a pull request as the issues API shows it); `single` adds what only one-issue answers carry. */
export function issueJson(context: JsonContext, issue: StoredIssue, single: boolean): JsonObject {
  const url = `${repoUrl(context)}/issues/${issue.number}`;
  const page = `${web}/${context.owner}/${context.repo}/${issue.pull === undefined ? 'issues' : 'pull'}/${issue.number}`;
  const json: JsonObject = {
    url,
    repository_url: repoUrl(context),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: page,
    id: issue.id,
    node_id: nodeId(issue.pull === undefined ? 'I' : 'PR', issue.id),
    number: issue.number,
    title: issue.title,
    user: userJson(context, issue.user),
    labels: issue.labels.map((label) => labelJson(context, label)),
    state: issue.state,
    locked: false,
    assignee: null,
    assignees: [],
    milestone: null,
    comments: context.commentCount(issue.number),
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    author_association: authorAssociation(issue.user),
    type: null,
    active_lock_reason: null,
    sub_issues_summary: { total: 0, completed: 0, percent_completed: 0 },
    issue_dependencies_summary: { blocked_by: 0, total_blocked_by: 0, blocking: 0, total_blocking: 0 },
    body: issue.body,
    reactions: reactionsJson(url),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: performedVia(context, issue.user),
    state_reason: issue.stateReason,
  };
  if (single) json.closed_by = issue.closedBy === null ? null : userJson(context, issue.closedBy);
  if (issue.pull !== undefined) {
    const pulls = `${repoUrl(context)}/pulls/${issue.number}`;
    json.draft = false;
    json.pull_request = {
      url: pulls,
      html_url: page,
      diff_url: `${page}.diff`,
      patch_url: `${page}.patch`,
      merged_at: issue.pull.mergedAt,
    };
  }
  return json;
}

export function pullRequestJson(
  context: JsonContext,
  issue: Omit<StoredIssue, 'pull'>,
  pull: StoredPull,
): JsonObject {
  const url = `${repoUrl(context)}/pulls/${issue.number}`;
  const page = `${web}/${context.owner}/${context.repo}/pull/${issue.number}`;
  const issueUrl = `${repoUrl(context)}/issues/${issue.number}`;
  const statuses = `${repoUrl(context)}/statuses/${pull.headSha}`;
  const repository = repositoryJson(context);
  const owner = ownerActor(context);
  return {
    url,
    id: issue.id,
    node_id: nodeId('PR', issue.id),
    html_url: page,
    diff_url: `${page}.diff`,
    patch_url: `${page}.patch`,
    issue_url: issueUrl,
    number: issue.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: userJson(context, issue.user),
    body: issue.body,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    labels: issue.labels.map((label) => ({ ...labelJson(context, label), description: '' })),
    milestone: null,
    draft: false,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${repoUrl(context)}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: statuses,
    head: {
      label: `${context.owner}:${pull.headRef}`,
      ref: pull.headRef,
      sha: pull.headSha,
      user: userJson(context, owner),
      repo: repository,
    },
    base: {
      label: `${context.owner}:${pull.baseRef ?? 'main'}`,
      ref: pull.baseRef ?? 'main',
      sha: pull.baseSha,
      user: userJson(context, owner),
      repo: repository,
    },
    _links: {
      self: { href: url },
      html: { href: page },
      issue: { href: issueUrl },
      comments: { href: `${issueUrl}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${repoUrl(context)}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: statuses },
    },
    author_association: authorAssociation(issue.user),
    auto_merge: null,
    active_lock_reason: null,
  };
}

/**
 * A pull request as one-pull answers show it (`pull-request`): the simple shape plus the merge state and counters.
 * Right after creation GitHub has not computed mergeability yet (`mergeable: null`, `mergeable_state: unknown`); the
 * stand-in sees no commits, so it reports one commit and no line counts.
 */
export function pullRequestFullJson(
  context: JsonContext,
  issue: Omit<StoredIssue, 'pull'>,
  pull: StoredPull,
): JsonObject {
  return {
    ...pullRequestJson(context, issue, pull),
    merged: pull.mergedAt !== null,
    mergeable: null,
    rebaseable: null,
    mergeable_state: 'unknown',
    merged_by: null,
    comments: context.commentCount(issue.number),
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 0,
    deletions: 0,
    changed_files: 0,
  };
}

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';

export interface StoredReview {
  readonly id: number;
  readonly pullNumber: number;
  readonly user: Actor;
  readonly state: ReviewState;
  readonly body: string;
  readonly commitId: string;
  readonly submittedAt: string;
}

/** A review as `GET /pulls/{pull_number}/reviews` lists it (`pull-request-review`); a pending one has no `submitted_at`. */
export function reviewJson(context: JsonContext, review: StoredReview): JsonObject {
  const pull = `${repoUrl(context)}/pulls/${review.pullNumber}`;
  const page = `${web}/${context.owner}/${context.repo}/pull/${review.pullNumber}#pullrequestreview-${review.id}`;
  return {
    id: review.id,
    node_id: nodeId('PRR', review.id),
    user: userJson(context, review.user),
    body: review.body,
    state: review.state,
    html_url: page,
    pull_request_url: pull,
    author_association: authorAssociation(review.user),
    _links: { html: { href: page }, pull_request: { href: pull } },
    ...(review.state === 'PENDING' ? {} : { submitted_at: review.submittedAt }),
    commit_id: review.commitId,
  };
}

/** An issue's event the stand-in records: a label added or removed. */
export interface StoredEvent {
  readonly id: number;
  readonly issueNumber: number;
  readonly actor: Actor;
  readonly event: 'labeled' | 'unlabeled';
  readonly label: StoredLabel;
  readonly createdAt: string;
}

/** An event as `GET /issues/{issue_number}/events` lists it (`labeled-issue-event`, `unlabeled-issue-event`). */
export function issueEventJson(context: JsonContext, event: StoredEvent): JsonObject {
  return {
    id: event.id,
    node_id: nodeId(event.event === 'labeled' ? 'LE' : 'ULE', event.id),
    url: `${repoUrl(context)}/issues/events/${event.id}`,
    actor: userJson(context, event.actor),
    event: event.event,
    commit_id: null,
    commit_url: null,
    created_at: event.createdAt,
    performed_via_github_app: performedVia(context, event.actor),
    label: { name: event.label.name, color: event.label.color },
  };
}

/** The repository roles GitHub has built in. */
export type RepositoryRoleName = 'admin' | 'maintain' | 'write' | 'triage' | 'read';

/** GitHub's legacy base role for a role: `maintain` shows as `write`, `triage` as `read`. */
function legacyPermission(role: RepositoryRoleName): 'admin' | 'write' | 'read' {
  if (role === 'admin') return 'admin';
  return role === 'maintain' || role === 'write' ? 'write' : 'read';
}

/**
 * `GET /collaborators/{username}/permission` (`repository-collaborator-permission`): the legacy `permission`, the
 * assigned `role_name` (a custom role's own name), and the collaborator with the permissions that role grants.
 */
export function collaboratorPermissionJson(
  context: JsonContext,
  actor: Actor,
  role: { readonly name: string; readonly base: RepositoryRoleName },
): JsonObject {
  const rank = ['read', 'triage', 'write', 'maintain', 'admin'].indexOf(role.base);
  return {
    permission: legacyPermission(role.base),
    role_name: role.name,
    user: {
      ...userJson(context, actor),
      permissions: {
        pull: rank >= 0,
        triage: rank >= 1,
        push: rank >= 2,
        maintain: rank >= 3,
        admin: rank >= 4,
      },
      role_name: role.name,
    },
  };
}
