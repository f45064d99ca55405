/**
 * Removes addresses from text shown to users: URLs, IP addresses and host:port pairs of the
 * clusters (an error such as "connect ECONNREFUSED 10.0.0.12:6443" says nothing a user can act on,
 * and tells every signed-in user where the API servers live).
 */
export function redactAddresses(text: string): string {
  return text
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'()<>,]+/gi, '<cluster address>')
    .replace(/\[[0-9a-f:]+\](:\d+)?/gi, '<address>')
    .replace(/\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b/g, '<address>')
    .replace(/\b[a-z0-9-]+(\.[a-z0-9-]+)+:\d{2,5}\b/gi, '<address>')
    .replace(/\blocalhost(:\d+)?\b/gi, '<address>');
}
