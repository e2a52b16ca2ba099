/**
 * `node dist/simulatorBench.js [speed | MODEL …]`: the simulator's bench figures alone — speed only,
 * or speed and accuracy on the given samples / synthetic models (default: all of figure (i)'s).
 * Its own entry: dist/bench.js bundles simulatorFigures.ts too, and must not run this.
 */
import { simulatorFigures, simulatorSpeedFigure } from './simulatorFigures';

// `node dist/simulatorBench.js [speed | SAMPLE.onnx …]`: speed alone, or accuracy on those samples.
const args = process.argv.slice(2);
const run =
  args[0] === 'speed'
    ? Promise.resolve({ figures: [simulatorSpeedFigure()], lines: [] as string[] })
    : simulatorFigures(args.length ? args : undefined);
run
  .then(({ figures, lines }) => {
    for (const f of figures)
      console.log(`${f.pass ? 'PASS' : 'MISS'}  ${f.name}: ${f.value}   (goal ${f.goal})\n      ${f.note}`);
    for (const l of lines) console.log(`      ${l}`);
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
