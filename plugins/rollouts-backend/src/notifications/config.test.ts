import { ConfigReader } from '@backstage/config';
import { eventsWantedBy, readNotificationOptions } from './config';

describe('rollouts.notifications configuration', () => {
  it('sends every event with sensible severities by default', () => {
    expect(readNotificationOptions(new ConfigReader({}))).toEqual({
      enabled: true,
      events: ['waiting', 'aborted', 'degraded', 'completed'],
      severity: { waiting: 'high', aborted: 'critical', degraded: 'high', completed: 'low' },
      linkBase: '',
    });
  });

  it('reads events, severities and the link base, and names what it cannot use', () => {
    const options = readNotificationOptions(
      new ConfigReader({ rollouts: { notifications: { events: ['waiting'], severity: { waiting: 'critical' }, linkBase: 'https://portal.example.com/' } } }),
    );
    expect(options).toMatchObject({ events: ['waiting'], severity: { waiting: 'critical' }, linkBase: 'https://portal.example.com' });
    expect(() => readNotificationOptions(new ConfigReader({ rollouts: { notifications: { events: ['paused'] } } }))).toThrow(
      'rollouts.notifications.events: unknown event "paused"; use waiting, aborted, degraded, completed',
    );
    expect(() => readNotificationOptions(new ConfigReader({ rollouts: { notifications: { severity: { aborted: 'urgent' } } } }))).toThrow(
      /severity.aborted: "urgent" is not one of critical, high, normal, low/,
    );
  });

  it('lets an entity opt out or choose events with its annotation', () => {
    const all = ['waiting', 'aborted', 'degraded', 'completed'] as const;
    expect(eventsWantedBy(undefined, [...all])).toEqual(all);
    expect(eventsWantedBy({ 'rollscope.io/notifications': 'off' }, [...all])).toEqual([]);
    expect(eventsWantedBy({ 'rollscope.io/notifications': ' Waiting, aborted ' }, [...all])).toEqual(['waiting', 'aborted']);
    expect(eventsWantedBy({ 'rollscope.io/notifications': 'completed' }, ['waiting'])).toEqual([]);
  });
});
