/** The schemas an imported file is checked against: those the package ships in its `schemas/` folder. */
export type SchemaName = 'config' | 'app' | 'campaign';

/**
 * The editor hint on the first line of a written file: the schema the package ships, by a path relative to the file,
 * as installed in the access repository (`npm install --save-dev okta-access-gitops` puts it in
 * `node_modules/okta-access-gitops/schemas/`). `depth` is how many folders below the repository root the file is
 * (0 for `okta-access.yaml`, 1 for `apps/*.yaml` and `campaigns/*.yaml`). Validation never reads it.
 */
export function schemaComment(schema: SchemaName, depth: number): string {
  const up = depth === 0 ? './' : '../'.repeat(depth);
  return `# yaml-language-server: $schema=${up}node_modules/okta-access-gitops/schemas/${schema}.schema.json`;
}
