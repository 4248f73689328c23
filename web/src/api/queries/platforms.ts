import { useQuery } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../client';

export type Platform =
  Schemas['/api/v1/platforms']['get']['responses']['200']['content']['application/json']['items'][number];

/** The platforms webnet speaks (shipped and from files) and the files it refused. */
export const usePlatforms = () =>
  useQuery({ queryKey: ['platforms'], queryFn: () => unwrap(api.GET('/api/v1/platforms')) });
