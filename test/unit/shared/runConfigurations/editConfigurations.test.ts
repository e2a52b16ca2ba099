/** Saving a configuration into the file's text: replace by name or append, keep everything else as it was. */
import { strict as assert } from 'node:assert';
import type { RunConfiguration } from '../../../../src/shared/runConfigurations/configurationFormat';
import { RunConfigurationError } from '../../../../src/shared/runConfigurations/configurationProblems';
import { upsertConfiguration } from '../../../../src/shared/runConfigurations/editConfigurations';
import {
  configurationNames,
  findConfiguration,
} from '../../../../src/shared/runConfigurations/findConfiguration';
import {
  fileProblems,
  parseRunConfigurations,
} from '../../../../src/shared/runConfigurations/parseConfigurations';

const read = (text: string) => {
  const file = parseRunConfigurations(text, 'config.json');
  assert.deepEqual(fileProblems(file), [], text);
  return file;
};

const vad: RunConfiguration = {
  name: 'vad 16k',
  model: 'samples/vad.onnx',
  inputs: { sr: 16000 },
  strategies: ['none', 'dynamic(max=16)'],
  traffic: { arrival: 'poisson', rateRps: 200, durationS: 2 },
};

const EXISTING = `{
  // Runs for CI: keep them short.
  "version": 1,
  "configurations": [
    {
      "name": "mlp", // the small one
      "model": "samples/mlp.onnx",
      /* two seconds is plenty */
      "traffic": { "durationS": 2 },
    },
    {
      "name": "vad 16k",
      "model": "samples/vad.onnx",
      "traffic": { "durationS": 30 }, // too long: the panel will replace this entry
    },
  ],
}
`;

describe('run configurations: saving into the file', () => {
  it('starts a new file when there is none (or it is blank)', () => {
    for (const text of [undefined, '', '  \n']) {
      const out = upsertConfiguration(text, vad);
      assert.deepEqual(findConfiguration(read(out), 'vad 16k'), vad);
      assert.ok(out.endsWith('}\n'));
    }
  });

  it('replaces the configuration of the same name, keeping the others and every comment outside it', () => {
    const out = upsertConfiguration(EXISTING, vad);
    const file = read(out);
    assert.deepEqual(configurationNames(file), ['mlp', 'vad 16k']);
    assert.deepEqual(findConfiguration(file, 'vad 16k'), vad);
    assert.deepEqual(findConfiguration(file, 'mlp'), {
      name: 'mlp',
      model: 'samples/mlp.onnx',
      traffic: { durationS: 2 },
    });
    // The other entry, and the comments around it, are the same text as before.
    const mlpEntry = EXISTING.slice(EXISTING.indexOf('    {'), EXISTING.indexOf('    },') + 6);
    assert.ok(out.includes(mlpEntry), out);
    assert.ok(out.includes('// Runs for CI: keep them short.'));
    assert.ok(!out.includes('too long'), 'the replaced entry is gone, its own comment with it');
  });

  it('appends a configuration with a new name, indented like its neighbours', () => {
    const out = upsertConfiguration(EXISTING, { ...vad, name: 'vad 8k' });
    assert.deepEqual(configurationNames(read(out)), ['mlp', 'vad 16k', 'vad 8k']);
    assert.ok(
      out.startsWith(EXISTING.slice(0, EXISTING.indexOf('  ],'))),
      'everything before the end of the list is unchanged',
    );
    assert.match(out, /\n {4}\{\n {6}"name": "vad 8k",/);
  });

  it('keeps tabs and CRLF line ends', () => {
    const text = '{\r\n\t"version": 1,\r\n\t"configurations": []\r\n}\r\n';
    const out = upsertConfiguration(text, vad);
    assert.ok(!/[^\r]\n/.test(out), 'only CRLF line ends');
    assert.match(out, /\r\n\t\t\{\r\n\t\t\t"name": "vad 16k"/);
    assert.deepEqual(findConfiguration(read(out), 'vad 16k'), vad);
  });

  it('adds the version or the list when the file lacks them', () => {
    const out = upsertConfiguration('{ /* mine */ }', vad);
    assert.ok(out.includes('/* mine */'));
    assert.deepEqual(configurationNames(read(out)), ['vad 16k']);
  });

  it('refuses to touch a file that is not a JSON object with a list of configurations', () => {
    for (const text of [
      '{ "version": 1, "configurations": [ ',
      '[]',
      '{ "version": 1, "configurations": {} }',
    ])
      assert.throws(() => upsertConfiguration(text, vad), RunConfigurationError, text);
  });
});
