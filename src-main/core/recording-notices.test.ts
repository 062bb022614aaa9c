import { describe, expect, it } from 'vitest';
import { asksAboutNotice, isRecordingNotice } from './recording-notices.ts';

describe('notices read out at a recording’s start', () => {
  it('knows a licence, a donation call, a sponsor and a subscription plea', () => {
    expect(isRecordingNotice('The following content is provided under a Creative Commons license.')).toBe(true);
    expect(
      isRecordingNotice(
        'Your support will help MIT OpenCourseWare continue to offer high educational resources for free.',
      ),
    ).toBe(true);
    expect(
      isRecordingNotice(
        'To make a donation or view additional materials from hundreds of MIT courses, visit MIT OpenCourseWare at ocw And I think we are ready.',
      ),
    ).toBe(true);
    expect(
      isRecordingNotice('This presentation is delivered by the Stanford Center for Professional Development.'),
    ).toBe(true);
    expect(isRecordingNotice("Don't forget to like and subscribe.")).toBe(true);
    expect(isRecordingNotice('This video is sponsored by a company that sells cameras.')).toBe(true);
  });

  it('leaves what the lecture says alone', () => {
    expect(isRecordingNotice('So welcome, folks, for lecture number two of Fundamentals of Photovoltaics.')).toBe(
      false,
    );
    expect(isRecordingNotice('The image plane lies in front of the focal point.')).toBe(false);
    expect(isRecordingNotice('Every course has a problem set due on Thursday.')).toBe(false);
    expect(isRecordingNotice('We subscribe to a model where light travels along rays.')).toBe(false);
  });

  it('knows a question about such a notice, which keeps them among the answers', () => {
    expect(asksAboutNotice('what licence is this video under')).toBe(true);
    expect(asksAboutNotice('how can I donate to support the courses')).toBe(true);
    expect(asksAboutNotice('who sponsors this channel')).toBe(true);
    expect(asksAboutNotice('which session number is this')).toBe(false);
    expect(asksAboutNotice('who teaches this course')).toBe(false);
  });
});
