/** TorchServe's model-config.yaml and the models= line of config.properties, read back. */
import { strict as assert } from 'node:assert';
import { exportConfig } from '../../../src/shared/export/exportConfig';
import type { ExportRequest, ExportResult } from '../../../src/shared/export/exportTypes';
import { config, request } from './exportFixtures';

function torchServeOf(
  req: ExportRequest,
): ExportResult & { yaml: Record<string, string>; properties: Record<string, string> } {
  const result = exportConfig({ ...req, format: 'torchserve' });
  const text = (p: string): string => {
    const f = result.files.find((file) => file.path === p);
    assert.ok(f, `writes ${p}`);
    return f.text;
  };
  // Both files are flat: `key: value` and `key=value` lines, comments starting with #.
  const pairs = (t: string, sep: string): Record<string, string> =>
    Object.fromEntries(
      t
        .split('\n')
        .filter((l) => l.trim() && !l.startsWith('#'))
        .map((l) => [l.slice(0, l.indexOf(sep)).trim(), l.slice(l.indexOf(sep) + 1).trim()]),
    );
  return {
    ...result,
    yaml: pairs(text('model-config.yaml'), ':'),
    properties: pairs(text('config.properties'), '='),
  };
}

describe('TorchServe export (model-config.yaml, config.properties)', () => {
  it('writes batchSize, maxBatchDelay in ms and the workers, the same in both files', () => {
    const r = torchServeOf(request());
    assert.deepEqual(r.yaml, {
      minWorkers: '2',
      maxWorkers: '2',
      batchSize: '8',
      maxBatchDelay: '2',
      deviceType: 'cpu',
      jobQueueSize: '64',
      clientTimeoutInMills: '50',
    });
    assert.equal(r.properties.load_models, 'convnet.mar');
    assert.equal(r.properties.job_queue_size, '64');
    assert.deepEqual(JSON.parse(r.properties.models), {
      convnet: {
        '1.0': {
          defaultVersion: true,
          marName: 'convnet.mar',
          minWorkers: 2,
          maxWorkers: 2,
          batchSize: 8,
          maxBatchDelay: 2,
        },
      },
    });
    assert.deepEqual(
      r.files.map((f) => f.path),
      ['model-config.yaml', 'config.properties', 'handler.py', 'batch_io.py'],
    );
  });

  it('rounds the delay to whole milliseconds and says what that does', () => {
    const r = torchServeOf(request({ strategy: config('dynamic', { maxDelayMs: 2.5 }) }));
    assert.equal(r.yaml.maxBatchDelay, '3');
    assert.ok(
      r.differences.some((d) => d.includes('2.5 ms becomes 3 ms')),
      r.differences.join(' | '),
    );
    const r0 = torchServeOf(request({ strategy: config('dynamic', { maxDelayMs: 0.4 }) }));
    assert.equal(r0.yaml.maxBatchDelay, '0');
    assert.ok(r0.differences.some((d) => d.includes('0.4 ms becomes 0 ms, so it does not wait')));
  });

  it("says TorchServe's default queue bound applies when the profiled queue was unbounded, and drops 'delay' timeouts", () => {
    const r = torchServeOf(
      request({ strategy: config('dynamic', { timeoutMs: 5, timeoutAction: 'delay' }) }),
    );
    assert.equal(r.yaml.jobQueueSize, undefined);
    assert.equal(r.yaml.clientTimeoutInMills, undefined);
    assert.ok(r.differences.some((d) => d.includes('100 requests by default')));
    assert.ok(r.differences.some((d) => d.includes('cannot delay timed-out requests')));
  });

  it('none: batchSize 1 and no delay; a GPU run: deviceType gpu', () => {
    const r = torchServeOf(request({ strategy: config('none'), provider: 'cuda' }));
    assert.equal(r.yaml.batchSize, '1');
    assert.equal(r.yaml.maxBatchDelay, '0');
    assert.equal(r.yaml.deviceType, 'gpu');
  });
});
