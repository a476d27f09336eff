/** Where a shipped dataset comes from: cite `paper` when reporting results on it. */
export interface Citation {
  readonly dataset: string;
  readonly files: readonly string[];
  readonly paper: string;
}

/** The source paper of every shipped file group. */
export const CITATIONS: readonly Citation[] = [
  {
    dataset: 'TREC',
    files: ['TREC.train.all', 'TREC.test.all', 'raw-TREC.train', 'raw-TREC.test'],
    paper: 'Xin Li and Dan Roth, "Learning Question Classifiers", COLING 2002',
  },
  {
    dataset: 'SST-1 / SST-2',
    files: ['stsa.fine.train', 'stsa.fine.dev', 'stsa.fine.test', 'stsa.binary.train', 'stsa.binary.dev', 'stsa.binary.test'],
    paper: 'Richard Socher et al., "Recursive Deep Models for Semantic Compositionality Over a Sentiment Treebank", EMNLP 2013',
  },
  {
    dataset: 'MR',
    files: ['rt-polarity.all'],
    paper: 'Bo Pang and Lillian Lee, "Seeing stars: Exploiting class relationships for sentiment categorization with respect to rating scales", ACL 2005',
  },
  {
    dataset: 'SUBJ',
    files: ['subj.all'],
    paper: 'Bo Pang and Lillian Lee, "A Sentimental Education: Sentiment Analysis Using Subjectivity Summarization Based on Minimum Cuts", ACL 2004',
  },
];
