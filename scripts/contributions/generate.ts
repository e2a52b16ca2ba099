/**
 * Writes what is generated from the strategy registry and the shared run defaults into the files
 * VS Code reads: package.json's settings, the profile schema's strategy configs, and the schema of
 * run configurations files (.batchscope/config.json).
 * `npm run contributions` after changing a strategy or a default; a test fails while they differ.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { settingsProperties } from './settingsSchema';
import { strategyConfigSchema } from './strategyConfigSchema';
import { configSchema } from './configSchema';

const root = path.resolve(__dirname, '../..');
export const PACKAGE_JSON = path.join(root, 'package.json');
export const PROFILE_SCHEMA = path.join(root, 'src/engine/profile/profile.schema.json');
export const CONFIG_SCHEMA = path.join(root, 'schemas/config.schema.json');

/** The run configurations schema as text (prettier then formats it, as the other files). */
export function configSchemaText(): string {
  return `${JSON.stringify(configSchema(), null, 2)}\n`;
}

/** package.json with the generated settings, as text. */
export function packageJsonText(current: string): string {
  const pkg = JSON.parse(current);
  pkg.contributes.configuration.properties = settingsProperties();
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/**
 * The profile schema text with the generated `strategyConfig` definition spliced in; the rest of
 * the file is left exactly as it is (others edit it by hand).
 */
export function profileSchemaText(current: string): string {
  const key = '"strategyConfig": ';
  const start = current.indexOf(key);
  if (start < 0) throw new Error('profile.schema.json has no "strategyConfig" definition');
  const open = start + key.length;
  let depth = 0;
  let end = open;
  for (; end < current.length; end++) {
    if (current[end] === '{') depth++;
    else if (current[end] === '}' && --depth === 0) break;
  }
  const lineStart = current.lastIndexOf('\n', start) + 1;
  const indent = current.slice(lineStart, start);
  const body = JSON.stringify(strategyConfigSchema(), null, 2).replace(/\n/g, `\n${indent}`);
  return current.slice(0, open) + body + current.slice(end + 1);
}

if (require.main === module) {
  fs.writeFileSync(PACKAGE_JSON, packageJsonText(fs.readFileSync(PACKAGE_JSON, 'utf8')));
  fs.writeFileSync(PROFILE_SCHEMA, profileSchemaText(fs.readFileSync(PROFILE_SCHEMA, 'utf8')));
  fs.mkdirSync(path.dirname(CONFIG_SCHEMA), { recursive: true });
  fs.writeFileSync(CONFIG_SCHEMA, configSchemaText());
  console.log(
    'wrote package.json settings, profile.schema.json strategyConfig and schemas/config.schema.json; ',
  );
}
