/**
 * The measurement's warnings in Chromium: written by the engine for both front ends, they name CLI
 * flags; the panel names its own fields instead, and beyond two warnings folds them into one
 * notice (the rest behind Details) so the results are not pushed below the fold.
 */
import * as assert from 'assert';
import type { HostToWebview } from '../../src/shared/panelProtocol';
import { inPanelWords } from '../../webview/views/panelWording';
import { inPage } from './panelPage';
import { usePanelPages } from './panelSuite';
import { runUntilCut } from './runEndFixtures';

const warning = (message: string): HostToWebview => ({
  type: 'events',
  events: [{ kind: 'warning', message }],
});

describe('panel warnings in Chromium', function () {
  this.timeout(60_000);
  const { open, play } = usePanelPages();

  it('says field names where the engine says CLI flags', () => {
    assert.strictEqual(
      inPanelWords('measure longer (--duration) or let it run until stable (--until-stable).'),
      'measure longer (“Duration”) or let it run until stable (“Measure: until stable”).',
    );
    assert.strictEqual(
      inPanelWords('Lower --rate, or add capacity (more --instances, a larger max batch).'),
      'Lower “Rate”, or add capacity (more “Model instances”, a larger max batch).',
    );
    assert.strictEqual(inPanelWords('set --dim sequence=512 first'), 'set “Symbolic dimensions” first');
    assert.strictEqual(inPanelWords('an --unknown-flag stays'), 'an --unknown-flag stays');
  });

  it('shows two warnings as they are, and folds more into one notice with the rest behind Details', async () => {
    const page = await open('vscode-dark', { width: 1000, height: 1200 });
    await play(page, [
      ...runUntilCut(),
      warning('none was not stable: measure longer (--duration).'),
      warning('static(8): the system CPU was 99% busy.'),
    ]);
    const shown = (): Promise<string[]> =>
      inPage(page, `() => [...document.querySelectorAll('.warnings .notice')].map((n) => n.innerText)`);
    const two = await shown();
    assert.strictEqual(two.length, 2);
    assert.match(two[0], /measure longer \(“Duration”\)/);
    assert.doesNotMatch(two.join('\n'), /--duration/);

    await play(page, [warning('dynamic: the max queue delay was honoured only to 3 ms.')]);
    const folded = await shown();
    assert.strictEqual(folded.length, 1, 'three warnings fold into one notice');
    assert.match(folded[0], /^3 warnings about this measurement\. none was not stable/);
    const details: string = await inPage(
      page,
      `() => document.querySelector('.warnings .notice-detail').textContent`,
    );
    assert.match(details, /static\(8\): the system CPU/);
    assert.match(details, /dynamic: the max queue delay/);
  });
});
