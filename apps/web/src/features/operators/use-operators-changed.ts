// What an operator write changes in the cache: the list, and the workspace's
// usage, which counts active operators against the plan.
import { useQueryClient } from '@tanstack/react-query';
import { operatorQueries } from '../../data/operators.ts';
import { tenantQueries } from '../../data/tenant.ts';

export function useOperatorsChanged(): () => void {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: operatorQueries.all().queryKey });
    void queryClient.invalidateQueries({ queryKey: tenantQueries.current().queryKey });
  };
}
