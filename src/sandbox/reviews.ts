import type { Provider } from './directory.ts';
import { stableHash } from './stable-hash.ts';

/**
 * Provider review summaries (§5.22): the seed's numbers where it gives them, otherwise
 * derived from the provider id, so every provider has stable, plausible ratings (1–5, one
 * decimal) without storing any. No reviews → null averages.
 */

export interface ProviderReviews {
  provider_id: string;
  total_reviews: number;
  average_overall_rating: number | null;
  average_bedside_rating: number | null;
  average_wait_time_rating: number | null;
}

/** A rating from `minTenths` / 10 to 5.0, in tenths, picked by `bits`. */
const rating = (bits: number, minTenths: number) => (minTenths + (bits % (51 - minTenths))) / 10;

export function providerReviews(provider: Provider): ProviderReviews {
  if (provider.reviews) return { provider_id: provider.provider_id, ...provider.reviews };
  const hash = stableHash(provider.provider_id);
  return {
    provider_id: provider.provider_id,
    total_reviews: 5 + (hash % 296),
    average_overall_rating: rating(hash >>> 8, 35),
    average_bedside_rating: rating(hash >>> 14, 36),
    average_wait_time_rating: rating(hash >>> 20, 30),
  };
}
