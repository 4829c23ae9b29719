import { runAction } from './main.js';

// The entry point of the bundled action (dist/index.cjs). runAction never rejects: failures end in core.setFailed.
void runAction();
