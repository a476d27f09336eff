/** Every file this package ships: SHA-256 of its bytes and its size (checked by this package's tests). */
export const DATASET_FILES = {
  'TREC.test.all': { sha256: '92a6a3cede5678b447ef5f1d7ec474134fcda211e6590e6fa627b4a2c68e4566', bytes: 19479 },
  'TREC.train.all': { sha256: 'c8183fd8c2a5cc4a9a1c56548d7c6410a8b71ed7843df9ef1f0a05cd7cf2fb3e', bytes: 292402 },
  'raw-TREC.test': { sha256: '033f22c028c2bbba9ca682f68ffe204dc1aa6e1cf35dd6207f2d4ca67f0d0e8e', bytes: 23354 },
  'raw-TREC.train': { sha256: '9e4c8bdcaffb96ed61041bd64b564183d52793a8e91d84fc3a8646885f466ec3', bytes: 335858 },
  'rt-polarity.all': { sha256: 'b8846c3bbd59241f901efdc58f7c515e4b280ab3561fd1858caa5aa48da95a8a', bytes: 1259719 },
  'stsa.binary.dev': { sha256: '02fedc82855dbdcabe82c65ed1af6c6570788eaac51073cdb35ee8c7784426d1', bytes: 94400 },
  'stsa.binary.test': { sha256: '6a80dc9b9a0db2d3b37f2f809304febad31c90ab67a5b4157b7d9f881c53ef5b', bytes: 193562 },
  'stsa.binary.train': { sha256: '71c04bcc41291fa47454dd670df701b14ee9249156babeaac404cfe2c8d74338', bytes: 738844 },
  'stsa.fine.dev': { sha256: 'b2f76c62b960f9fda5c6d751edb125abab4f878eb94a8754239b7f4af647f4c3', bytes: 117239 },
  'stsa.fine.test': { sha256: '0e2ebb450c231f7b3d67fc932066e7bb26ae7bad8c88488f45ed44ef02eb3c73', bytes: 233634 },
  'stsa.fine.train': { sha256: '9b52b5f686ed438d4d0274c385369251b3d579b578fddd340ba8a9bae2ca4bee', bytes: 902818 },
  'subj.all': { sha256: 'f3ffbe2aa8e4f3ba3e63e46dce51613854edbca122fb3aa758b9bce047ded23c', bytes: 1320246 },
} as const satisfies Record<string, { readonly sha256: string; readonly bytes: number }>;

/** The name of a shipped file. */
export type DatasetFileName = keyof typeof DATASET_FILES;
