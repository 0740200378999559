// A settings row that edits in place: whether its form is open, saving it
// (PATCH, then close once the section's data is fresh) and deleting it
// (DELETE). `changed` refreshes the section through its own query keys.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../../lib/api.ts';

export function useEditableRow<Body, Row>(path: string, changed: () => Promise<unknown>) {
  const [editing, setEditing] = useState(false);
  const save = useMutation({
    mutationFn: (body: Body) => api<Row>(path, { method: 'PATCH', body }),
    onSuccess: async () => {
      await changed();
      setEditing(false);
    },
  });
  const remove = useMutation({
    mutationFn: () => api<void>(path, { method: 'DELETE' }),
    onSuccess: () => changed(),
  });
  return { editing, setEditing, save, remove };
}
