import { describe, expect, it } from 'vitest';
import { classifyFailure, type ProviderFailure } from './failure-class.js';

describe('classifyFailure: run errors (real Replicate messages)', () => {
  it.each<[string, ProviderFailure, string, string]>([
    [
      'E005 sensitive content',
      {
        stage: 'run',
        message: 'The input or output was flagged as sensitive. Please try again with different inputs. (E005)',
      },
      'content_filter',
      'E005',
    ],
    ['an NSFW refusal', { stage: 'run', message: 'NSFW content detected' }, 'content_filter', 'E005'],
    [
      'an interruption',
      { stage: 'run', message: 'Prediction interrupted; please retry (code: PA)' },
      'transient',
      'PA',
    ],
    ['E6716', { stage: 'run', message: 'E6716 Director: unexpected error handling prediction' }, 'transient', 'E6716'],
    ['E1000', { stage: 'run', message: 'E1000 Unknown error' }, 'transient', 'E1000'],
    ['a timeout', { stage: 'run', message: 'Prediction timed out' }, 'transient', 'TIMEOUT'],
    ['an unknown message', { stage: 'run', message: 'Something odd happened' }, 'transient', 'UNKNOWN'],
  ])('%s', (_label, failure, failureClass, code) => {
    expect(classifyFailure(failure)).toEqual({ failureClass, code });
  });
});

describe('classifyFailure: HTTP statuses', () => {
  it.each([
    [401, 'AUTH', 'REPLICATE_API_TOKEN'],
    [403, 'AUTH', 'REPLICATE_API_TOKEN'],
    [402, 'NO_CREDIT', 'credit'],
    [404, 'UNKNOWN_MODEL', 'model id'],
    [422, 'INVALID_INPUT', 'input'],
  ])('create %i is fatal %s, with a fix', (httpStatus, code, fixMentions) => {
    const classified = classifyFailure({ stage: 'create', httpStatus, message: 'request refused' });
    expect(classified).toMatchObject({ failureClass: 'fatal', code });
    expect(classified.fix).toContain(fixMentions);
  });

  it('a 401 while polling is fatal too: the token is wrong whatever the stage', () => {
    expect(classifyFailure({ stage: 'get', httpStatus: 401, message: 'Unauthenticated' })).toMatchObject({
      failureClass: 'fatal',
      code: 'AUTH',
    });
  });

  it.each<[ProviderFailure, string]>([
    [{ stage: 'create', httpStatus: 429, message: 'Too many requests' }, 'RATE_LIMITED'],
    [{ stage: 'get', httpStatus: 429, message: 'Too many requests' }, 'RATE_LIMITED'],
    [{ stage: 'get', httpStatus: 503, message: 'Service unavailable' }, 'HTTP_503'],
    [{ stage: 'create', httpStatus: 500, message: 'Internal server error' }, 'HTTP_500'],
    [{ stage: 'get', httpStatus: 404, message: 'Not found' }, 'HTTP_404'],
    [{ stage: 'get', httpStatus: 402, message: 'Payment required' }, 'HTTP_402'],
  ])('%j is transient %s', (failure, code) => {
    expect(classifyFailure(failure)).toEqual({ failureClass: 'transient', code });
  });
});

describe('classifyFailure: output', () => {
  it('a bad or missing output is transient BAD_OUTPUT, even with an HTTP status or a filter-like message', () => {
    expect(classifyFailure({ stage: 'output', message: 'not an image' })).toEqual({
      failureClass: 'transient',
      code: 'BAD_OUTPUT',
    });
    expect(classifyFailure({ stage: 'output', httpStatus: 404, message: 'gone' })).toEqual({
      failureClass: 'transient',
      code: 'BAD_OUTPUT',
    });
    expect(classifyFailure({ stage: 'output', message: 'image is blank (E005?)' })).toEqual({
      failureClass: 'transient',
      code: 'BAD_OUTPUT',
    });
  });
});
