/** Every sentence of the welcome page (keys `welcome_*`). */

export const WELCOME_TEXT = {
  welcome_document_title: 'Welcome to Wirecheck',
  welcome_heading: 'Welcome to Wirecheck',
  welcome_lead:
    'Wirecheck tells you when a news article is a copy or a rewrite of an Associated Press story, and how much of it was reworded.',
  welcome_data_heading: 'Your data stays on this computer',
  welcome_data_corpus: 'Wirecheck compares the pages you read with AP originals you keep in this browser: your corpus.',
  welcome_data_local: 'The pages you read, your corpus and every result stay on this computer. Nothing is sent anywhere: there is no account and no server.',
  welcome_data_limits: 'It recognises only stories that are in your corpus, so it starts empty and learns what you give it.',
  welcome_sample_heading: 'Try it with the sample corpus',
  welcome_sample_text: 'Two AP versions of one story, enough to see Wirecheck flag a rewritten copy of it.',
  welcome_sample_button: 'Add the sample corpus',
  welcome_sample_adding: 'Adding the sample corpus…',
  welcome_sample_added: 'Added: your corpus now holds the $1 sample articles ($2 new).',
  welcome_sample_failed: 'Could not add the sample corpus: $1',
  welcome_follow_heading: 'Follow AP’s new stories',
  welcome_follow_text:
    'Wirecheck can fetch AP’s published stories from apnews.com into your corpus: the last month’s (or the window you pick), then each new one. Its requests go only to apnews.com, carry no cookies and say nothing about what you browse; the browser asks you to allow access to apnews.com.',
  welcome_follow_button: 'Follow AP',
  welcome_follow_asking: 'Asking the browser for access to apnews.com…',
  welcome_follow_following: 'Following AP: stories are being added to your corpus. The options page shows the progress.',
  welcome_follow_refused: 'Access to $1 was not granted, so Wirecheck is not following AP. You can turn it on later in the options.',
  welcome_follow_failed: 'Could not start following AP: $1',
  welcome_follow_link: 'Follow AP’s progress and settings in the options',
  welcome_try_heading: 'See a verdict',
  welcome_try_text:
    'Paste the text of an article, or use the example: a copy of the sample story run through a synonym spinner. Wirecheck checks it against your corpus here, as it checks the news pages you open.',
  welcome_try_label: 'Article text to check',
  welcome_try_example: 'Use the example rewrite',
  welcome_try_check: 'Check this text',
  welcome_try_checking: 'Checking…',
  welcome_try_empty: 'Paste some text first, or use the example.',
  welcome_try_failed: 'Could not check the text: $1',
  welcome_try_source: 'Likely source: “$1”',
  welcome_try_score: 'Paraphrase score: $1/100 (0 = word for word, 100 = entirely reworded)',
  welcome_try_next:
    'On news pages you do not need to paste anything: the Wirecheck button in the toolbar shows the verdict (AP, EDIT, RW or PART), and clicking it shows the source and the evidence.',
  welcome_import_heading: 'Bring your own AP originals',
  welcome_import_text: 'Import AP stories as JSON Lines, plain text or saved web pages on the options page, where you can also search, read and delete them, and change how Wirecheck checks pages.',
  welcome_import_link: 'Open the options page to import',
} as const;
