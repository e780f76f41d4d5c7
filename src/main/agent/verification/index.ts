// The verification layer: project check detection, the finish gate, the cheap post-write syntax check.
export type { CheckKind, CheckOverrides, CheckSpec } from './check-types.js';
export { detectChecks } from './detect-checks.js';
export { createVerificationGate, type VerificationGateOptions } from './gate.js';
export { loadProjectChecks, PROJECT_FILE, type LoadedChecks } from './project-checks.js';
export { createSyntaxChecker, type SyntaxCheckOptions } from './syntax-check.js';
