import { exampleBuild } from '../../tsup.shared.ts';

// run.mjs imports this build, which imports the built @ampmix/* packages.
export default exampleBuild({ index: 'src/index.ts', runner: 'src/runner.ts' });
