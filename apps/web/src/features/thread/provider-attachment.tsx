'use client';
import type { MessageAttachment as Attachment, Message } from '@relay/contracts';
// A file only its provider holds (Telegram and WhatsApp send ids, not URLs),
// fetched through the API's content route: photos, audio and video as soon
// as they are shown, a document when the operator asks to download it.
// Until the bytes arrive the placeholder naming the file shows; when the
// fetch fails, it says why in words and offers Retry.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type AttachmentRef, attachmentQueries } from '../../data/attachments.ts';
import { errorText } from '../../lib/api.ts';
import { channelLabel } from '../conversations/conversation-row.tsx';
import { providerPlaceholder } from './attachment-format.ts';
import { FileCard, HeldPlaceholder, ImageView, PlayerView } from './attachment-views.tsx';
import styles from './message-attachments.module.css';
import { useObjectUrl } from './use-object-url.ts';

type Props = { message: Message; attachment: Attachment; channel: string };

function refOf(message: Message, attachment: Attachment): AttachmentRef {
  return { conversationId: message.conversationId, messageId: message.id, attachmentId: attachment.id };
}

function LoadFailure({ error, retrying, onRetry }: { error: unknown; retrying: boolean; onRetry: () => void }) {
  return (
    <span className={styles.failure}>
      <span role="alert" className={styles.failureText}>
        Could not load the file: {errorText(error)}
      </span>
      <button type="button" className={styles.download} disabled={retrying} onClick={onRetry}>
        {retrying ? 'Retrying…' : 'Retry'}
      </button>
    </span>
  );
}

/** A photo, video or voice message, fetched when shown. */
export function FetchedMedia({ message, attachment, channel }: Props) {
  const content = useQuery(attachmentQueries.content(refOf(message, attachment)));
  const url = useObjectUrl(content.data);
  if (url) {
    return attachment.type === 'image' ? (
      <ImageView attachment={attachment} url={url} />
    ) : (
      <PlayerView attachment={attachment} url={url} />
    );
  }
  if (content.isError) {
    return (
      <HeldPlaceholder attachment={attachment} channel={channel} state="error">
        <LoadFailure error={content.error} retrying={content.isFetching} onRetry={() => void content.refetch()} />
      </HeldPlaceholder>
    );
  }
  return <HeldPlaceholder attachment={attachment} channel={channel} state="loading" />;
}

/** Saves a Blob under a name, the way a link with `download` would. */
function save(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the bytes once the click's task is over.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A document, fetched when the operator downloads it (a cached copy is reused). */
export function FetchedFile({ message, attachment, channel }: Props) {
  const queryClient = useQueryClient();
  const download = useMutation({
    mutationFn: () => queryClient.fetchQuery(attachmentQueries.content(refOf(message, attachment))),
    onSuccess: (blob) => save(blob, attachment.filename ?? `${attachment.type}-${attachment.id.slice(0, 8)}`),
  });
  const caption = providerPlaceholder(channelLabel(channel), attachment);
  return (
    <FileCard
      attachment={attachment}
      caption={caption}
      state={download.isPending ? 'loading' : download.isError ? 'error' : undefined}
    >
      <button type="button" className={styles.download} disabled={download.isPending} onClick={() => download.mutate()}>
        {download.isPending ? 'Downloading…' : download.isError ? 'Retry' : 'Download'}
      </button>
      {download.isError ? (
        <span role="alert" className={`${styles.failureText} ${styles.fileFailure}`}>
          Could not download: {errorText(download.error)}
        </span>
      ) : null}
    </FileCard>
  );
}
