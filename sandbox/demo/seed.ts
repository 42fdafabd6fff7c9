/**
 * The sandbox's demo world, written once on first start: a Slack workspace (admins, moderators,
 * learners, channels), the app's settings pointing at the attendee channel, a webinar platform with
 * two webinars, and a learning platform with a path of sessions (covers: a shown PNG, the platform's
 * default image, an SVG, none). Emails use the reserved `.example` domains.
 */
import type { FakeSlack, Seed } from "../fake_slack/mod.ts";
import { seed } from "../fake_slack/mod.ts";
import type { LearningPlatform } from "../platforms/learning.ts";
import type { Person, WebinarPlatform } from "../platforms/webinar.ts";

export const DEMO_DOMAIN = "northwind.example";
const mail = (local: string) => `${local}@${DEMO_DOMAIN}`;

export const DEMO_USERS = [
  {
    name: "amelie",
    real_name: "Amélie Laurent",
    email: mail("amelie.laurent"),
    is_admin: true,
    locale: "fr-FR",
    tz: "Europe/Paris",
  },
  {
    name: "jordan",
    real_name: "Jordan Reyes",
    email: mail("jordan.reyes"),
    is_admin: true,
    is_owner: true,
    locale: "en-US",
    tz: "America/New_York",
  },
  {
    name: "priya",
    real_name: "Priya Natarajan",
    email: mail("priya.natarajan"),
    locale: "en-GB",
    tz: "Europe/London",
  },
  {
    name: "marcus",
    real_name: "Marcus Chen",
    email: mail("marcus.chen"),
    locale: "en-US",
    tz: "America/Los_Angeles",
  },
  {
    name: "sofia",
    real_name: "Sofia Rossi",
    email: mail("sofia.rossi"),
    locale: "en-US",
    tz: "Europe/Rome",
  },
  {
    name: "lea",
    real_name: "Léa Dubois",
    email: mail("lea.dubois"),
    locale: "fr-FR",
    tz: "Europe/Paris",
  },
  {
    name: "liam",
    real_name: "Liam O’Connor",
    email: mail("liam.oconnor"),
    locale: "en-US",
    tz: "Europe/Dublin",
  },
  {
    name: "yuki",
    real_name: "Yuki Tanaka",
    email: mail("yuki.tanaka"),
    locale: "en-US",
    tz: "Asia/Tokyo",
  },
] as const;

export type DemoUserName = typeof DEMO_USERS[number]["name"];

/** What each person is in the story (the page's "You are" picker shows it). */
export const DEMO_ROLES: Record<DemoUserName, string> = {
  amelie: "Slack admin",
  jordan: "Slack owner",
  priya: "primary moderator",
  marcus: "moderator",
  sofia: "sales, not a moderator",
  lea: "learner",
  liam: "learner",
  yuki: "learner",
};

export const ATTENDEE_CHANNEL = "webinar-attendees";

export const DEMO_SEED: Seed = {
  users: DEMO_USERS.map((u) => ({ ...u })),
  channels: [
    { name: "general", members: DEMO_USERS.map((u) => u.name) },
    {
      name: ATTENDEE_CHANNEL,
      members: ["amelie", "jordan", "priya", "marcus", "sofia"],
      app_member: true,
    },
  ],
};

const person = (name: DemoUserName): Person => {
  const u = DEMO_USERS.find((x) => x.name === name)!;
  return { name: u.real_name, email: u.email };
};

export async function seedWorkspace(
  fake: FakeSlack,
): Promise<{ users: Record<string, string>; channels: Record<string, string> }> {
  const ids = await fake.workspace.exclusive(() => seed(fake, DEMO_SEED));
  const purposes: Record<string, string> = {
    general: "Company-wide announcements and work-based matters",
    [ATTENDEE_CHANNEL]:
      "Session Bridge posts webinar attendees here; reply in a thread to answer them",
  };
  for (const [name, purpose] of Object.entries(purposes)) {
    const channel = await fake.workspace.getChannel(ids.channels[name]!);
    if (channel) {
      await fake.workspace.putChannel({
        ...channel,
        purpose: { value: purpose },
        topic: { value: purpose },
      });
    }
  }
  return ids;
}

/** The welcome post in #general: a short tour of the sandbox. */
export const WELCOME_TEXT = [
  "*Welcome to the Session Bridge sandbox* :wave:",
  "Everything here runs on this machine: a fake Slack, the app's real workflows, and two platform simulators.",
  "",
  "• *Webinar platform* (sidebar, Simulators): register an attendee, join and chat: they arrive in <#CHANNEL>. Answer in their thread; the reply shows up in their chat (online) or in the email outbox (offline).",
  "• *Learning platform*: assign a learner to a session: they get a DM from the app. Switch “You are” to that learner to see it.",
  "• *Shortcuts*: _Configure Session Bridge_ (admins), _Session Bridge health_ and _My notifications_.",
  "• The clock in the top bar moves time forward, so scheduled path-step messages are sent.",
].join("\n");

export function seedWebinars(platform: WebinarPlatform, now: number): void {
  const hour = 3_600_000;
  const start = Math.ceil((now + hour / 2) / (15 * 60_000)) * (15 * 60_000);
  platform.createWebinar({
    id: "web_scaling",
    title: "Scaling Support Teams",
    reply_attribution: "sender",
    primary_moderator: person("priya"),
    moderators: [
      person("priya"),
      person("marcus"),
      { name: "Dana Guest", email: "dana.guest@partner.example" },
    ],
    session: { type: "live", starts_at: new Date(start).toISOString() },
    polls: [
      {
        id: "poll_team_size",
        title: "How big is your support team?",
        options: ["1 to 10", "10 to 50", "More than 50"],
      },
      {
        id: "poll_channel",
        title: "Where do customers reach you most?",
        options: ["Email", "Live chat", "Phone", "Social media"],
      },
    ],
  });
  platform.createWebinar({
    id: "web_onboarding",
    title: "Customer Onboarding Masterclass",
    reply_attribution: "primary_moderator",
    primary_moderator: person("marcus"),
    moderators: [person("marcus")],
    session: { type: "on_demand", starts_at: new Date(start + 24 * hour).toISOString() },
    polls: [{
      id: "poll_onboarding",
      title: "How long does your onboarding take?",
      options: ["A day", "A week", "A month or more"],
    }],
  });
}

export const GROUP = { name: "Northwind Academy", logo: "academy-logo.png" };

export const DEMO_LEARNERS = [
  { id: "lrn_lea", name: "Léa Dubois", email: mail("lea.dubois") },
  { id: "lrn_liam", name: "Liam O’Connor", email: mail("liam.oconnor") },
  { id: "lrn_yuki", name: "Yuki Tanaka", email: mail("yuki.tanaka") },
  { id: "lrn_noor", name: "Noor Haddad (no Slack account)", email: "noor.haddad@partner.example" },
];

export function seedLearning(platform: LearningPlatform, now: number): void {
  const day = 86_400_000;
  const at = (days: number, hourUtc: number) => {
    const d = new Date(now + days * day);
    d.setUTCHours(hourUtc, 0, 0, 0);
    return d.toISOString();
  };
  platform.setGroup(GROUP);
  for (const l of DEMO_LEARNERS) platform.addLearner(l);
  platform.addPath({ id: "path_cs", title: "Customer Success Foundations" });
  platform.addSession({
    id: "ses_listening",
    path_id: "path_cs",
    title: "Active listening for support teams 🎧",
    description:
      "Learn to hear what customers really mean: reformulate, ask open questions and name emotions without judging. " +
      "We practise with real tickets from our queue — bring one you found hard! Café et croissants offerts ☕🥐. " +
      "By the end you will have a checklist to use on every call, and a partner to practise with during the next month.",
    starts_at: at(3, 8),
    ends_at: at(3, 10),
    cover: { file: "cover-listening.png", is_default: false },
  });
  platform.addSession({
    id: "ses_escalations",
    path_id: "path_cs",
    title: "Gérer les escalades avec sérénité",
    description:
      "Comment désamorcer une situation tendue, quand passer la main, et comment rédiger un résumé clair pour l’équipe suivante. " +
      "Atelier en français, études de cas à l’appui. 🤝",
    starts_at: at(7, 13),
    ends_at: at(7, 15),
    cover: { file: "default-cover.png", is_default: true },
  });
  platform.addSession({
    id: "ses_metrics",
    path_id: "path_cs",
    title: "Metrics that matter 📈",
    description:
      "CSAT, first response time, resolution time, backlog age: which numbers to watch weekly, which ones to ignore, and how to explain them to your manager.",
    starts_at: at(14, 9),
    ends_at: at(14, 11),
    cover: { file: "cover-metrics.svg", is_default: false },
  });
  platform.addSession({
    id: "ses_macros",
    path_id: "path_cs",
    title: "Writing great macros",
    description: "Short, kind, reusable answers.",
    starts_at: at(21, 15),
    ends_at: at(21, 16),
    cover: null,
  });
}

/** First-start activity so the channel is not empty: two attendees arrive, one chats. */
export function demoActivity(platform: WebinarPlatform): void {
  const ada = platform.registerAttendee({
    webinar_id: "web_scaling",
    name: "Ada Lovelace",
    email: "ada.lovelace@analytical.example",
  }).attendee;
  platform.join("web_scaling", ada.id);
  platform.chat("web_scaling", ada.id, "Hi! Will the slides be shared after the session?");
  platform.answer("web_scaling", ada.id, {
    id: "poll_team_size",
    kind: "poll",
    title: "How big is your support team?",
    response: "10 to 50",
  });
  platform.registerAttendee({
    webinar_id: "web_scaling",
    name: "Grace Hopper",
    email: "grace.hopper@cobol.example",
  });
}
