// Failure messages and stack traces are encoded as payloads, so the payload codec encrypts
// them too (an error message must never leak personal data into history).
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
