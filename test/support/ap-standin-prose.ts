/**
 * The prose of the apnews.com stand-in (test/support/ap-standin.ts): news stories written
 * from a seed, different enough from each other that the project's checker does not take one
 * for another.
 *
 * A story has a topic (its own pools of who, what and headline words), a dateline city, two
 * towns of its own (invented from syllables), people drawn from 60 first and 60 last names, and
 * numbers, all picked by a seeded generator (mulberry32), so a seed gives the same story on
 * every machine. Every sentence is assembled from parts drawn on their own (opener, who, a
 * verb, what, where, how it ends; a quote from its opening, its close and a role), and a story
 * repeats none of its parts, so no whole sentence recurs from story to story.
 *
 * Why assembled and not whole template sentences: with fixed sentences whose names and numbers
 * vary, the checker aligned those sentences across stories of one topic (similarity 0.7–1.0)
 * and took 27 of 40 stories for "partial" copies of another. Assembled, it takes none of the
 * 40 for another on seeds 1–5 (test/unit/ap-standin.test.ts checks seed 1), and at 200 stories
 * 1 to 2 in 200; the closest pair of the default 40 shares 0.16 of its word 3-grams and 0.35 of
 * its stemmed content words (MinHash estimates), about what two stories on one subject share.
 */

export interface StoryContent {
  headline: string;
  /** The dateline's place as AP prints it, e.g. "WASHINGTON" or "BOISE, Idaho". */
  dateline: string;
  byline: string;
  /** Body paragraphs; the first starts with "<DATELINE> (AP) — ". */
  paragraphs: string[];
}

export type Random = () => number;

/** mulberry32: a small seeded generator, good enough to vary test prose. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rnd: Random, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

export function int(rnd: Random, lo: number, hi: number): number {
  return lo + Math.floor(rnd() * (hi - lo + 1));
}

const FIRST = [
  'Maria', 'James', 'Aisha', 'Tomasz', 'Keisha', 'Daniel', 'Priya', 'Hector', 'Ingrid', 'Samuel', 'Yolanda', 'Oluwaseun',
  'Brendan', 'Mei', 'Rafael', 'Colleen', 'Dmitri', 'Fatima', 'Gareth', 'Lucia', 'Terrence', 'Annika', 'Marcus', 'Noura',
  'Patrick', 'Rosalind', 'Viktor', 'Wendell', 'Ximena', 'Zachary', 'Adebayo', 'Bernadette', 'Caleb', 'Delphine', 'Emeka',
  'Francesca', 'Gustavo', 'Harriet', 'Ignacio', 'Jolene', 'Kwame', 'Leticia', 'Malcolm', 'Nadia', 'Osvaldo', 'Penelope',
  'Quentin', 'Renata', 'Stellan', 'Tamsin', 'Ulrich', 'Valentina', 'Winston', 'Yusuf', 'Zora', 'Anselm', 'Beatriz',
  'Cormac', 'Dolores', 'Ezekiel',
];
const LAST = [
  'Okafor', 'Lindqvist', 'Ramirez', 'Whitfield', 'Nakamura', 'Brennan', 'Castellanos', 'Haddad', 'Kowalczyk', 'Mbeki',
  'Fairbanks', 'Delacroix', 'Ostrowski', 'Tran', 'Abernathy', 'Quintero', 'Sorensen', 'Vasquez', 'Holloway', 'Iyer',
  'Gallagher', 'Petrossian', 'Yoon', 'Eberhardt', 'Marchetti', 'Achebe', 'Thornbury', 'Villanueva', 'Kaminski', 'Lachance',
  'Adeyemi', 'Bjornstad', 'Crowther', 'Dunleavy', 'Esposito', 'Fitzhugh', 'Grabowski', 'Hollingsworth', 'Ishikawa',
  'Jablonski', 'Kettleman', 'Lundgren', 'Montalvo', 'Nwachukwu', 'Oyelaran', 'Pettigrew', 'Quarles', 'Rasmussen',
  'Stanhope', 'Tolliver', 'Urquhart', 'Vandermeer', 'Wojcik', 'Yardley', 'Zielinski', 'Ashworth', 'Beaumont', 'Cardenas',
  'Drummond', 'Ellsworth',
];
const DATELINES = [
  'WASHINGTON', 'NEW YORK', 'DENVER', 'PHOENIX', 'ATLANTA', 'BOISE, Idaho', 'SACRAMENTO, Calif.', 'LONDON',
  'NAIROBI, Kenya', 'MEXICO CITY', 'TOKYO', 'BERLIN', 'COLUMBUS, Ohio', 'TALLAHASSEE, Fla.', 'AUSTIN, Texas',
  'MADISON, Wis.', 'ANCHORAGE, Alaska', 'SEOUL, South Korea', 'JOHANNESBURG', 'OTTAWA, Ontario',
  'NEW ORLEANS', 'ALBUQUERQUE, N.M.', 'DES MOINES, Iowa', 'MANILA, Philippines',
];
const SYLLABLES = [
  'ash', 'bel', 'cor', 'dun', 'el', 'fen', 'gar', 'hal', 'ing', 'jes', 'kel', 'lor', 'mar', 'nor', 'ol', 'pem',
  'quin', 'ros', 'sel', 'tam', 'ul', 'ver', 'wal', 'yar', 'bram', 'cal', 'dor', 'fal', 'grim', 'har',
];
const TOWN_ENDINGS = ['ville', 'ton', ' Falls', ' Springs', 'burg', ' Creek', 'field', ' Heights', 'wick', ' Junction', 'more', ' Crossing'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ROLES = [
  'a spokesperson for the governor', 'the county emergency manager', 'a professor of public policy at {U}',
  'the agency’s deputy director', 'a longtime resident of {P}', 'the union’s regional president',
  'a senior analyst at {O}', 'the district attorney', 'a former state legislator', 'the city’s chief financial officer',
  'a researcher with {O}', 'the mayor of {P}', 'a lawyer representing the families', 'the company’s chief executive',
  'a pastor in {P}', 'a retired schoolteacher', 'the sheriff of {P} County', 'a small-business owner',
];
const UNIVERSITIES = ['Georgetown University', 'the University of Michigan', 'Arizona State University', 'Tufts University', 'Rice University', 'the University of Nairobi', 'McGill University', 'Purdue University'];
const ORGS = ['the Brookings Institution', 'the Urban Institute', 'Moody’s Analytics', 'the Pew Research Center', 'the Rand Corporation', 'the Kaiser Family Foundation', 'the Cato Institute', 'the Tax Foundation'];

/**
 * A topic's pools: headlines are HEAD_WHO + HEAD_DID + WHAT (+ place), topic sentences are
 * OPENER + WHO + ACTION + WHAT + place + TAIL.
 */
interface Topic {
  headWho: string[];
  headDid: string[];
  who: string[];
  what: string[];
}

/*
 * Slots: {N} a person, {P} one of the story's towns, {C} the dateline city, {D} a weekday,
 * {M} a month, {n} a small number, {k} a count in thousands, {m} millions of dollars,
 * {p} a percentage, {y} a year, {U} a university, {O} a research group.
 */
const TOPICS: Topic[] = [
  {
    headWho: ['Lawmakers', 'Budget writers', 'City council', 'Legislators in {C}', 'County commissioners'],
    headDid: ['approve', 'reject', 'stall on', 'trim', 'fight over', 'pass'],
    who: ['the appropriations committee', 'the finance chair, {N},', 'budget analysts', 'the comptroller', 'fiscal hawks', 'the minority leader', 'the treasurer’s office', 'a bipartisan caucus of {n} members'],
    what: ['a ${m} million spending plan', 'the {y} shortfall', 'road repair money', 'a {p}% property tax increase', 'a hiring freeze in {n} departments', 'a rainy-day fund of ${m} million', 'one-time transfers from reserves', 'pay raises for state troopers', 'the pothole backlog', 'a sales tax holiday'],
  },
  {
    headWho: ['Wildfire', 'Crews', 'Evacuations', 'Firefighters', 'Smoke from a blaze'],
    headDid: ['threatens', 'spread toward', 'gain ground on', 'force residents out of', 'choke skies over', 'battle flames near'],
    who: ['hotshot crews', 'air tankers', 'the forest service', 'evacuees', 'a rancher, {N},', 'the fire behavior analyst', 'volunteer firefighters from {n} counties', 'utility linemen'],
    what: ['a {k},000-acre blaze', 'wind-driven embers', 'the evacuation zone', 'a containment line', 'dry chaparral', '{n} destroyed homes', 'a red flag warning', 'retardant drops', 'smoke-choked canyons', 'downed power lines'],
  },
  {
    headWho: ['Appeals court', 'Federal judge', 'State supreme court', 'Jury', 'Prosecutors'],
    headDid: ['revives', 'blocks', 'upholds', 'tosses', 'weighs', 'sends back'],
    who: ['a three-judge panel', 'the lead attorney, {N},', 'the plaintiffs', 'defense lawyers', 'the attorney general’s office', 'a court-appointed monitor', 'the trial judge', 'jurors'],
    what: ['a lawsuit over contaminated wells', 'the protest buffer-zone rule', 'a ${m} million verdict', 'solvent levels {n} times the limit', 'a class action by {k},000 residents', 'the sealed deposition', 'an emergency injunction', 'the wrongful death claim', 'a plea agreement', 'sentencing guidelines'],
  },
  {
    headWho: ['Storm', 'Flash flooding', 'Tornado', 'Ice storm', 'Heavy rain'],
    headDid: ['swamps', 'knocks out power across', 'tears through', 'strands drivers in', 'floods basements in', 'batters'],
    who: ['rescue crews', 'utility workers', 'the weather service', 'a bakery owner, {N},', 'swift-water teams', 'school superintendents', 'insurance adjusters', 'the river authority'],
    what: ['{n} inches of rain', 'flooded underpasses', '{k},000 outages', 'a river cresting {n} feet above flood stage', 'toppled oak trees', 'sandbag lines', 'a collapsed culvert', 'hail the size of golf balls', 'an overnight tornado warning', 'washed-out county roads'],
  },
  {
    headWho: ['Factory orders', 'Importers', 'Manufacturers', 'Freight rates', 'Retail sales'],
    headDid: ['rise at', 'slump at', 'rebound at', 'stall at', 'surprise economists at'],
    who: ['economists surveyed by {O}', 'purchasing managers', 'an economist, {N},', 'the Commerce Department', 'shipping brokers', 'warehouse operators', 'the plant manager', 'small importers'],
    what: ['durable goods orders', 'a {p}% jump in shipments', 'aircraft bookings', 'inventory drawdowns', 'a second shift of {n} hundred workers', 'container backlogs', 'machinery exports', 'spot freight prices', 'tariff-driven stockpiling', 'electrical equipment demand'],
  },
  {
    headWho: ['Hospitals', 'Flu cases', 'Rural clinic', 'Nurses', 'Health officials'],
    headDid: ['strain under', 'climb across', 'opens in', 'warn about', 'scramble in'],
    who: ['emergency room doctors', 'a nurse, {N},', 'the state health department', 'pharmacists', 'hospital administrators', 'epidemiologists at {U}', 'paramedics', 'infection control teams'],
    what: ['waits of {n} hours', 'flu admissions up {p}%', 'antiviral shortages', 'elective surgery delays', 'a {n}-bed overflow tent', 'vaccination drives', 'staffing ratios', 'a rural telehealth program', 'intensive care capacity', 'masking guidance'],
  },
  {
    headWho: ['School board', 'Teachers', 'Parents', 'District leaders', 'Students'],
    headDid: ['votes to close schools in', 'strike in', 'protest in', 'rethink busing in', 'walk out in'],
    who: ['the school board', 'the teachers union', 'a mother of two, {N},', 'district officials', 'bus drivers', 'the superintendent', 'high school seniors', 'special education advocates'],
    what: ['{n} elementary campuses', 'enrollment down {k},000 since {y}', 'consolidated bus routes', 'a {n}-day strike', 'class sizes of {n} students', 'portable classrooms', 'a ${m} million maintenance backlog', 'the four-day school week', 'cafeteria contracts', 'phone bans in classrooms'],
  },
  {
    headWho: ['Recount', 'Voters', 'Election officials', 'Mayoral race', 'Ballot measure'],
    headDid: ['begins in', 'approve parks bond in', 'certify results in', 'too close to call in', 'fails in'],
    who: ['the county clerk', 'poll watchers', 'both campaigns', 'a candidate, {N},', 'the canvassing board', 'election judges', 'first-time voters', 'the secretary of state'],
    what: ['a margin of {n} hundred votes', 'provisional ballots', 'turnout of {p}%', 'a hand count', 'disputed signatures', 'a ${m} million parks bond', 'mail-in ballot envelopes', 'voting machines in {n} precincts', 'the runoff calendar', 'campaign finance reports'],
  },
  {
    headWho: ['{P} Hawks', 'Underdog club', 'Veteran goalkeeper', 'Rookie forward', 'Defending champions'],
    headDid: ['rally to beat', 'stun', 'edge', 'hold off', 'rout'],
    who: ['the winger, {N},', 'the coaching staff', 'a sellout crowd of {k},000', 'the backup goalie', 'team captains', 'league officials', 'season-ticket holders', 'the trainer'],
    what: ['an overtime winner', 'a third-period comeback', 'the regional title', 'a {n}-game win streak', 'the power play', 'a disallowed goal', 'the national semifinals', 'a torn ligament', 'the playoff bracket', 'a hat trick'],
  },
  {
    headWho: ['Scientists', 'Drought', 'Rare whales', 'Reservoirs', 'Researchers'],
    headDid: ['track', 'squeezes', 'return to', 'drop to record lows in', 'count'],
    who: ['marine biologists', 'a researcher at {U}, {N},', 'federal regulators', 'irrigation districts', 'aerial survey teams', 'hydrologists', 'commercial fishermen', 'conservation groups'],
    what: ['{n} calves spotted this season', 'vessel speed limits of {n} knots', 'reservoirs at {p}% of capacity', 'idled cropland of {k},000 acres', 'entanglement in fishing gear', 'groundwater pumping', 'snowpack measurements', 'a migration corridor', 'algae blooms', 'salmon runs'],
  },
  {
    headWho: ['Transit agency', 'Commuters', 'Rail project', 'Bus riders', 'Ferry service'],
    headDid: ['cuts routes in', 'face delays in', 'runs over budget in', 'lose service in', 'resumes in'],
    who: ['the transit board', 'a commuter, {N},', 'rail engineers', 'contractors', 'the riders’ union', 'signal technicians', 'the agency’s planners', 'disability advocates'],
    what: ['weekday ridership at {p}%', 'late-night bus lines', 'cracked concrete ties', 'a ${m} million cost overrun', 'fare increases of {n} cents', 'electric bus batteries', 'the light rail extension', 'ferry schedules', 'platform elevators', 'paratransit vans'],
  },
  {
    headWho: ['Hackers', 'Data breach', 'Tech startup', 'Ransomware gang', 'Software glitch'],
    headDid: ['hit hospital network in', 'exposes patients in', 'lays off workers in', 'targets county offices in', 'disrupts 911 calls in'],
    who: ['a security consultant, {N},', 'state privacy regulators', 'the chief information officer', 'forensic investigators', 'affected patients', 'the startup’s investors', 'county IT staff', 'federal cyber officials'],
    what: ['{k},000 patient records', 'a stolen vendor password', 'credit monitoring for {n} months', 'a ${m} million funding round', 'encrypted backup servers', 'a ransom demand', 'the dispatch software', 'phishing emails', 'insurance numbers and lab results', 'an outage lasting {n} hours'],
  },
  {
    headWho: ['Asylum seekers', 'Shelters', 'Migrant families', 'City leaders', 'Border towns'],
    headDid: ['crowd into', 'run out of beds in', 'wait for permits in', 'plead for aid in', 'brace for arrivals in'],
    who: ['shelter volunteers', 'a father from Venezuela, {N},', 'immigration lawyers', 'church groups', 'city caseworkers', 'federal officials', 'the mayor’s office', 'translators'],
    what: ['cots in a recreation center', 'work permits delayed {n} months', '{k},000 shelter residents', '${m} million in emergency aid', 'the intake center', 'donated winter coats', 'bus tickets north', 'court dates years away', 'a church basement', 'school enrollment for children'],
  },
  {
    headWho: ['Corn growers', 'Bird flu', 'Dairy farmers', 'Grain prices', 'Orchards'],
    headDid: ['brace for losses in', 'hits egg farm in', 'sell herds in', 'slide in', 'freeze in'],
    who: ['the agriculture department', 'a farmer, {N},', 'grain elevator operators', 'veterinarians', 'crop insurers', 'seed dealers', 'migrant farmworkers', 'the county extension agent'],
    what: ['futures down {p}%', '{k},000 culled hens', 'fertilizer bills', 'a quarantine of {n} farms', 'a bumper harvest', 'egg prices up {p}%', 'unplanted fields', 'a late frost', 'milk contracts', 'irrigation cutbacks'],
  },
];

const QUOTE_OPEN = [
  'We have been asking for this for years', 'Nobody here expected it to happen this fast', 'It is a start, but it is not enough',
  'People are tired and they want answers', 'The numbers speak for themselves', 'I have never seen anything like it in {n} years',
  'We will keep pushing until the job is done', 'This is what the community told us it wanted', 'My phone has not stopped ringing since {D}',
  'You cannot fix a problem you refuse to measure', 'Honestly, we got lucky this time', 'There is no playbook for something like this',
  'We warned them about this back in {y}', 'Every family I talk to is worried', 'It was a long night for everybody',
];
const QUOTE_CLOSE = [
  'and we intend to hold them to it', 'so we are planning for the worst', 'but the hard part starts now',
  'and that should worry everyone', 'which is why we stayed', 'and the families deserve better',
  'even if it takes until {M}', 'for {P} and for the whole region', 'and I think the voters know it',
  'so we will be back here on {D}', 'but nobody wants to say that out loud', 'and the bill always comes due',
  'whatever the lawyers decide', 'and frankly it is overdue',
];
/* A detail sentence: OPENER SUBJECT ACTION the ADJECTIVE THING PLACE TAIL, each part drawn on its own. */
const OPENERS = [
  'On {D},', 'Earlier this year,', 'By late {M},', 'In a statement,', 'According to records reviewed by The Associated Press,',
  'For now,', 'Since {y},', 'Last week,', 'Separately,', 'Two days later,', 'Before the vote,', 'In {M},', 'Until recently,',
  'Within hours,', 'At a news conference,', 'Over the summer,', 'Meanwhile,', 'In court papers,', 'As of {D},', 'Late last year,',
];
const SUBJECTS = [
  'the county board', 'state regulators', 'a coalition of {n} neighborhood groups', 'federal inspectors', 'the housing authority',
  'two former employees', 'the legislative budget office', 'volunteers', 'the regional transit agency', 'an independent monitor',
  'insurers', 'local farmers', '{N}', 'the inspector general', 'a group of {n} landlords', 'tribal leaders', 'the water district',
  'a retired engineer', 'the planning commission', 'parents', 'the city attorney', 'a citizens’ panel', 'developers',
  'the port authority', 'environmental groups', 'the parks department', 'auditors', 'the chamber of commerce',
];
const ACTIONS = [
  'approved', 'blocked', 'rejected', 'criticized', 'audited', 'delayed', 'funded', 'questioned', 'defended', 'studied',
  'challenged', 'endorsed', 'mapped', 'inspected', 'scrapped', 'revived', 'subpoenaed', 'overhauled', 'appraised',
  'denounced', 'praised', 'toured', 'sued over', 'bid on', 'lobbied for', 'fought', 'paused', 'expanded', 'downsized',
  'renamed', 'insured', 'leased', 'surveyed', 'priced', 'monitored', 'publicized', 'resisted', 'welcomed', 'doubted',
  'rebranded', 'financed', 'licensed', 'vetoed', 'ratified', 'contested', 'documented', 'investigated', 'photographed',
  'tallied', 'reworked',
];
const ADJECTIVES = [
  'disputed', 'long-delayed', 'unfinished', 'aging', 'shuttered', 'proposed', 'bankrupt', 'flooded', 'overcrowded',
  'privately run', 'state-owned', 'half-built', 'contested', 'crumbling', 'temporary', 'experimental', 'underused',
  'expanded', 'scaled-back', 'federally funded', 'unlicensed', 'newly renovated', 'century-old', 'abandoned', 'lakeside',
  'downtown', 'hilltop', 'riverfront', 'rural', 'municipal', 'cooperative', 'seasonal', 'makeshift', 'historic', 'leaky',
];
const THINGS = [
  'pipeline', 'warehouse', 'clinic', 'bridge', 'levee', 'shelter', 'stadium', 'substation', 'landfill', 'runway',
  'reservoir', 'dormitory', 'courthouse', 'library', 'ferry terminal', 'rail spur', 'pumping station', 'water tower',
  'parking garage', 'transit hub', 'jail annex', 'food bank', 'charter school', 'nursing home', 'solar farm', 'wind project',
  'copper mine', 'lumber mill', 'meatpacking plant', 'data center', 'battery plant', 'refinery', 'grain elevator', 'marina',
  'fairground', 'armory', 'fire station', 'crisis hotline', 'voucher program', 'toll lane', 'sewer line', 'stormwater tunnel',
  'housing complex', 'trailer park', 'veterans home', 'tax credit', 'rent subsidy', 'zoning change', 'ballot measure',
  'settlement', 'lease', 'bond sale', 'grant program', 'hospital wing', 'community garden', 'ice rink', 'bus depot',
  'recycling center', 'dam', 'orchard', 'shipyard', 'airstrip', 'greenhouse', 'quarry', 'homeless encampment',
];
const WHERE = ['in {P}', 'near {P}', 'at {P}', 'around {P}'];
const TAILS = [
  'before the deadline.', ', records show.', ', officials said.', 'after months of complaints.', 'without public notice.',
  ', a move critics called premature.', 'in a {n}-page filing.', 'late on a {D} afternoon.', 'for the {n}th time.',
  ', according to minutes of the meeting.', 'with little debate.', ', two people familiar with the talks said.',
  'despite a tight budget.', ', drawing a small crowd of protesters.', 'at the urging of {N}.', 'by a wide margin.',
  'over the objections of neighbors.', ', the newspaper reported.', 'amid questions about its cost.', 'and promised a report by {M}.',
];
interface Ctx {
  rnd: Random;
  city: string;
  towns: string[];
  /** Phrases the story has used: a story repeats none (most pools are larger than a story's draws). */
  used: Set<string>;
}

/** A phrase of `list` the story has not used yet, if one turns up in a few draws. */
function fresh(c: Ctx, list: readonly string[]): string {
  let choice = pick(c.rnd, list);
  for (let i = 0; i < 8 && c.used.has(choice); i++) choice = pick(c.rnd, list);
  c.used.add(choice);
  return choice;
}

export function personName(rnd: Random): string {
  return `${pick(rnd, FIRST)} ${pick(rnd, LAST)}`;
}

function inventTown(rnd: Random): string {
  const word = Array.from({ length: int(rnd, 1, 2) }, () => pick(rnd, SYLLABLES)).join('');
  return word.charAt(0).toUpperCase() + word.slice(1) + pick(rnd, TOWN_ENDINGS);
}

function titleCase(city: string): string {
  return city.split(',')[0]!.toLowerCase().replace(/\b[a-z]/g, (c) => c.toUpperCase());
}

function fill(template: string, c: Ctx): string {
  const { rnd } = c;
  return template.replace(/\{([A-Za-z])\}/g, (_, slot: string) => {
    switch (slot) {
      case 'N': return personName(rnd);
      case 'P': return pick(rnd, c.towns);
      case 'C': return titleCase(c.city);
      case 'D': return pick(rnd, DAYS);
      case 'M': return pick(rnd, MONTHS);
      case 'n': return String(int(rnd, 2, 48));
      case 'k': return String(int(rnd, 3, 95));
      case 'm': return String(int(rnd, 12, 940));
      case 'p': return String(int(rnd, 3, 71));
      case 'y': return String(int(rnd, 1998, 2023));
      case 'U': return pick(rnd, UNIVERSITIES);
      case 'O': return pick(rnd, ORGS);
      default: return slot;
    }
  });
}

function sentence(text: string): string {
  const t = text.replace(/ ([,.])/g, '$1').replace(/,\./g, '.');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

function quote(c: Ctx): string {
  const { rnd } = c;
  return `“${fill(fresh(c, QUOTE_OPEN), c)}, ${fill(fresh(c, QUOTE_CLOSE), c)},” said ${personName(rnd)}, ${fill(fresh(c, ROLES), c)}.`;
}

function detail(c: Ctx): string {
  const { rnd } = c;
  const parts = [maybe(c, OPENERS, 0.6), fresh(c, SUBJECTS), fresh(c, ACTIONS), 'the', pick(rnd, ADJECTIVES), fresh(c, THINGS), maybe(c, WHERE, 0.6)];
  parts.push(maybe(c, TAILS, 0.35) || '.');
  return sentence(fill(parts.filter(Boolean).join(' '), c));
}

/** A fresh phrase of `list` with probability `p`, else ''. */
function maybe(c: Ctx, list: readonly string[], p: number): string {
  return c.rnd() < p ? fresh(c, list) : '';
}

/** A photo caption, as AP's galleries print them. */
export function caption(rnd: Random): string {
  const c: Ctx = { rnd, city: 'WASHINGTON', towns: [inventTown(rnd)], used: new Set() };
  return `${personName(rnd)} walks past the ${pick(rnd, ADJECTIVES)} ${pick(rnd, THINGS)} ${fill(pick(rnd, WHERE), c)}, ${pick(rnd, DAYS)}. (AP Photo/${personName(rnd)})`;
}

/** A town name for tables and captions. */
export function townName(rnd: Random): string {
  return inventTown(rnd);
}

/** Minimum words of a generated story body (the follower's extraction wants 80 and more). */
export const MIN_STORY_WORDS = 220;

export function wordCount(paragraphs: readonly string[]): number {
  return paragraphs.join(' ').split(/\s+/).filter(Boolean).length;
}

function topicSentence(c: Ctx, topic: Topic, opener: boolean): string {
  const parts = [opener ? maybe(c, OPENERS, 0.6) : '', fresh(c, topic.who), fresh(c, ACTIONS), fresh(c, topic.what), maybe(c, WHERE, 0.6)];
  parts.push(maybe(c, TAILS, 0.35) || '.');
  return sentence(fill(parts.filter(Boolean).join(' '), c));
}

/** A story written from `seed`: the same seed gives the same story. */
export function writeStory(seed: number): StoryContent {
  const rnd = seededRandom(seed);
  const topic = pick(rnd, TOPICS);
  const c: Ctx = { rnd, city: pick(rnd, DATELINES), towns: [inventTown(rnd), inventTown(rnd)], used: new Set<string>() };
  const headline = sentence(fill(`${pick(rnd, topic.headWho)} ${pick(rnd, topic.headDid)} ${pick(rnd, topic.what)} ${pick(rnd, WHERE)}`, c));
  const byline = personName(rnd);
  const paragraphs = [
    `${c.city} (AP) — ${topicSentence(c, topic, false)} ${detail(c)}`,
    quote(c),
    `${topicSentence(c, topic, true)} ${detail(c)}`,
    `${detail(c)} ${quote(c)}`,
    `${topicSentence(c, topic, true)} ${detail(c)} ${detail(c)}`,
  ];
  while (wordCount(paragraphs) < MIN_STORY_WORDS) paragraphs.push(`${detail(c)} ${rnd() < 0.5 ? detail(c) : quote(c)}`);
  return { headline, dateline: c.city, byline, paragraphs };
}

/** An update of a story: its lead paragraph rewritten and a paragraph added (AP's "updated" stories). */
export function updateStory(content: StoryContent, seed: number): string[] {
  const rnd = seededRandom(seed ^ 0x5eed);
  const c: Ctx = { rnd, city: content.dateline, towns: [inventTown(rnd)], used: new Set<string>() };
  const lead = `${content.dateline} (AP) — ${detail(c)} ${quote(c)}`;
  const added = `${detail(c)} ${detail(c)} ${quote(c)}`;
  const last = content.paragraphs.length - 1;
  return [lead, ...content.paragraphs.slice(1, last), added, content.paragraphs[last]!];
}
