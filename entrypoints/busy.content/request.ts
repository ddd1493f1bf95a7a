import { createRequest } from '../../utils/platform/ask';
import { sendMessage } from '../../utils/platform/native-browser';
import { CONTENT_ANSWERS } from './answers';

/** Asks the background; every answer is validated against the content script's own schemas. */
export const request = createRequest(() => CONTENT_ANSWERS, sendMessage);
