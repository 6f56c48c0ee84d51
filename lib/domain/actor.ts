// Who acts: the signed-in user behind a request (resolved in lib/http/actor.ts), passed to every service.
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  via: "session" | "token";
  /** The UserSession behind a cookie request (absent for bearer tokens). */
  sessionId?: string;
}
