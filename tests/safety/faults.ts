// The fault suite: ways the model or the world misbehaves. Each case runs a real session (scripted
// model, real tools, real processes, the sandbox), the real loader or the real CLI, and says whether the
// session stayed alive with a named stop reason (or recovered); the suite checks separately that no file
// was damaged (tests/integration/safety.test.ts).
import { fileFaults } from './faults-files.js';
import { modelFaults } from './faults-model.js';
import { processFaults } from './faults-process.js';

export type { FaultCase, FaultOutcome } from './fault-session.js';

export const faultCases = [...modelFaults, ...processFaults, ...fileFaults];
