// Who may see a conversation, as the API's caller. The visibility rule itself
// lives with the queries (@relay/db conversation-views); what events carry
// and who sees them lives in @relay/realtime (conversation-events).
import { seesEveryConversation } from '@relay/contracts';
import type { Viewer } from '@relay/db';
import type { Principal } from '../../auth/authenticate.ts';

export { conversationAudience, conversationPayload } from '@relay/realtime';

export function viewerOf(me: Principal): Viewer {
  // An API key works for the whole workspace, like a supervisor.
  return { operatorId: me.operatorId, seesAll: seesEveryConversation(me.role) || Boolean(me.apiKey) };
}
