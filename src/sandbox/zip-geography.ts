/**
 * Where a US zip code is, roughly enough for the sandbox's searches (§5.6, §5.10): the
 * state from the zip's first three digits (USPS prefix ranges), and coordinates from a small
 * table of exact zips plus 3-digit-prefix centroids around the seeded metros (New York,
 * Chicago, Los Angeles). A zip elsewhere has a state but no coordinates, so it is near no
 * in-person provider; video visits licensed in its state can still be found.
 */

export interface ZipPlace {
  zip_code: string;
  /** USPS code, or null for an unassigned prefix. */
  state: string | null;
  latitude: number | null;
  longitude: number | null;
}

/** [first prefix, last prefix, state], in order. */
const STATE_RANGES: ReadonlyArray<readonly [number, number, string]> = [
  [5, 5, 'NY'],
  [6, 7, 'PR'],
  [8, 8, 'VI'],
  [9, 9, 'PR'],
  [10, 27, 'MA'],
  [28, 29, 'RI'],
  [30, 38, 'NH'],
  [39, 49, 'ME'],
  [50, 54, 'VT'],
  [55, 55, 'MA'],
  [56, 59, 'VT'],
  [60, 69, 'CT'],
  [70, 89, 'NJ'],
  [100, 149, 'NY'],
  [150, 196, 'PA'],
  [197, 199, 'DE'],
  [200, 205, 'DC'],
  [206, 219, 'MD'],
  [220, 246, 'VA'],
  [247, 268, 'WV'],
  [270, 289, 'NC'],
  [290, 299, 'SC'],
  [300, 319, 'GA'],
  [320, 349, 'FL'],
  [350, 369, 'AL'],
  [370, 385, 'TN'],
  [386, 397, 'MS'],
  [398, 399, 'GA'],
  [400, 427, 'KY'],
  [430, 459, 'OH'],
  [460, 479, 'IN'],
  [480, 499, 'MI'],
  [500, 528, 'IA'],
  [530, 549, 'WI'],
  [550, 567, 'MN'],
  [569, 569, 'DC'],
  [570, 577, 'SD'],
  [580, 588, 'ND'],
  [590, 599, 'MT'],
  [600, 629, 'IL'],
  [630, 658, 'MO'],
  [660, 679, 'KS'],
  [680, 693, 'NE'],
  [700, 714, 'LA'],
  [716, 729, 'AR'],
  [730, 749, 'OK'],
  [750, 799, 'TX'],
  [800, 816, 'CO'],
  [820, 831, 'WY'],
  [832, 838, 'ID'],
  [840, 847, 'UT'],
  [850, 865, 'AZ'],
  [870, 884, 'NM'],
  [885, 885, 'TX'],
  [889, 898, 'NV'],
  [900, 961, 'CA'],
  [967, 968, 'HI'],
  [969, 969, 'GU'],
  [970, 979, 'OR'],
  [980, 994, 'WA'],
  [995, 999, 'AK'],
];

/** Exact zips the seed and the tests use (approximate centroids). */
const ZIPS: Readonly<Record<string, readonly [number, number]>> = {
  '10001': [40.7506, -73.9972],
  '10003': [40.7317, -73.9893],
  '10014': [40.734, -74.0054],
  '10019': [40.7658, -73.9873],
  '10022': [40.7586, -73.9679],
  '10025': [40.7986, -73.9667],
  '10112': [40.7593, -73.9794],
  '10118': [40.7484, -73.9857],
  '10601': [41.033, -73.763],
  '11101': [40.7447, -73.9485],
  '11201': [40.6944, -73.9906],
  '11211': [40.7123, -73.9531],
  '11215': [40.6626, -73.986],
  '11217': [40.6826, -73.9789],
  '07030': [40.745, -74.029],
  '07302': [40.7197, -74.0464],
  '60601': [41.8858, -87.6181],
  '60606': [41.8827, -87.6375],
  '60611': [41.8948, -87.62],
  '60614': [41.9227, -87.6533],
  '60622': [41.9024, -87.6769],
  '60202': [42.0305, -87.6847],
  '90012': [34.0614, -118.2385],
  '90026': [34.0766, -118.2646],
  '90036': [34.0699, -118.3493],
  '90210': [34.103, -118.4105],
  '90401': [34.0159, -118.4942],
  '90404': [34.0271, -118.4733],
  '90405': [34.0106, -118.4713],
  '91101': [34.1468, -118.1389],
  '99734': [70.2553, -148.3372],
};

/** 3-digit prefix centroids around the seeded metros. */
const PREFIXES: Readonly<Record<string, readonly [number, number]>> = {
  '070': [40.7357, -74.1724],
  '071': [40.7357, -74.1724],
  '072': [40.6639, -74.2107],
  '073': [40.7178, -74.0431],
  '100': [40.7831, -73.9712],
  '101': [40.7527, -73.9772],
  '102': [40.7075, -74.0113],
  '103': [40.5795, -74.1502],
  '104': [40.8448, -73.8648],
  '105': [41.0, -73.8],
  '106': [41.033, -73.763],
  '107': [40.9312, -73.8988],
  '110': [40.7282, -73.7949],
  '111': [40.7447, -73.9485],
  '112': [40.6501, -73.9496],
  '113': [40.7498, -73.8303],
  '114': [40.6943, -73.8061],
  '115': [40.7, -73.6],
  '116': [40.6, -73.75],
  '600': [42.1, -87.9],
  '601': [41.9, -88.1],
  '602': [42.0305, -87.6847],
  '603': [41.8856, -87.7845],
  '604': [41.6, -87.7],
  '605': [41.75, -88.15],
  '606': [41.8781, -87.6298],
  '607': [41.78, -87.7],
  '608': [41.85, -87.75],
  '900': [34.0522, -118.2437],
  '902': [33.92, -118.35],
  '903': [33.92, -118.3],
  '904': [34.0195, -118.4912],
  '905': [33.83, -118.33],
  '906': [33.95, -118.05],
  '907': [33.77, -118.19],
  '908': [33.8, -118.15],
  '910': [34.1478, -118.1445],
  '911': [34.1478, -118.1445],
  '912': [34.1425, -118.255],
  '913': [34.2, -118.5],
  '914': [34.18, -118.45],
  '915': [34.18, -118.3],
  '916': [34.2, -118.4],
  '917': [34.05, -117.9],
  '918': [34.1, -118.07],
};

export function placeOfZip(zip: string): ZipPlace {
  const prefix = Number(zip.slice(0, 3));
  const state = STATE_RANGES.find(([from, to]) => prefix >= from && prefix <= to)?.[2] ?? null;
  const coordinates = ZIPS[zip] ?? PREFIXES[zip.slice(0, 3)];
  return {
    zip_code: zip,
    state,
    latitude: coordinates?.[0] ?? null,
    longitude: coordinates?.[1] ?? null,
  };
}

const EARTH_RADIUS_MI = 3958.8;

/** Great-circle distance in miles, to one decimal. */
export function distanceMiles(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  const miles = 2 * EARTH_RADIUS_MI * Math.asin(Math.min(1, Math.sqrt(a)));
  return Math.round(miles * 10) / 10;
}
