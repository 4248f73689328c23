import { z } from 'zod';

export const customerQuery = z.strictObject({ customerId: z.uuid().optional() });
