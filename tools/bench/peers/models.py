"""PyTorch mirrors of the benchmarked tfjs models (same layers, same mix sites).

Each model's forward(x, mix=None, site=None) applies `mix` to the batch at `site`, as the tfjs
MixableModel does with forward(inputs, {site, mix}).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


def _mix_at(name, h, site, mix):
    return mix(h) if mix is not None and site == name else h


class Mlp(nn.Module):
    """@ampmix/core createMlp: relu hidden layers, sites input / hidden1..N, no dropout."""

    sites = None

    def __init__(self, input_size, hidden_sizes, num_classes):
        super().__init__()
        sizes = [input_size, *hidden_sizes, num_classes]
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
        self.sites = ['input'] + [f'hidden{i + 1}' for i in range(len(hidden_sizes))]

    def forward(self, x, mix=None, site=None, partners=None):
        h = _mix_at('input', x, site, mix)
        for i, layer in enumerate(self.layers):
            h = layer(h)
            if i < len(self.layers) - 1:
                h = _mix_at(f'hidden{i + 1}', torch.relu(h), site, mix)
        return h


class Embedding(nn.Module):
    """A dense (not sparse) trainable table; PAD (id 0) positions are zeroed, as the tfjs lookup does."""

    def __init__(self, vocab_size, dim):
        super().__init__()
        self.table = nn.Embedding(vocab_size, dim)
        nn.init.uniform_(self.table.weight, -0.25, 0.25)

    def forward(self, ids):
        mask = (ids != 0).float().unsqueeze(-1)
        return self.table(ids) * mask, mask


class KimCnn(nn.Module):
    """@ampmix/sentence-mixup createKimCnn (Kim 2014): embedding → site word → zero-pad (max width − 1) at
    both ends → per width h: conv (F maps) + bias, ReLU, max over time → concat → site sentence → dropout →
    dense."""

    sites = ['word', 'sentence']

    def __init__(self, vocab_size, num_classes, embedding_dim, filter_sizes, num_filters, dropout):
        super().__init__()
        self.embedding = Embedding(vocab_size, embedding_dim)
        self.pad = max(filter_sizes) - 1
        self.convs = nn.ModuleList(nn.Conv1d(embedding_dim, num_filters, h) for h in filter_sizes)
        self.dropout = nn.Dropout(dropout)
        self.out = nn.Linear(num_filters * len(filter_sizes), num_classes)

    def forward(self, ids, mix=None, site=None, partners=None):
        x, _ = self.embedding(ids)
        x = _mix_at('word', x, site, mix).transpose(1, 2)  # [B, D, L]
        x = F.pad(x, (self.pad, self.pad))
        pooled = [torch.relu(conv(x)).amax(dim=2) for conv in self.convs]
        s = _mix_at('sentence', torch.cat(pooled, dim=1), site, mix)
        return self.out(self.dropout(s))


class BiLstmAttention(nn.Module):
    """@ampmix/sentence-mixup createBiLstm (the AMP reference code's RNN): embedding → site word →
    bidirectional LSTM (H per direction) over the tokens (a packed sequence: padding neither feeds nor moves
    the state, as the tfjs masked recurrence) → α = softmax_t(tanh(H_t)·w) over the tokens → Σ α_t H_t →
    site sentence → ReLU → dropout → dense. Mixing at word, a position is a token if it is one in either
    sentence (union of the padding masks)."""

    sites = ['word', 'sentence']

    def __init__(self, vocab_size, num_classes, embedding_dim, hidden_size, dropout):
        super().__init__()
        self.embedding = Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_size, batch_first=True, bidirectional=True)
        self.att_w = nn.Parameter(torch.zeros(2 * hidden_size))
        self.dropout = nn.Dropout(dropout)
        self.out = nn.Linear(2 * hidden_size, num_classes)

    def forward(self, ids, mix=None, site=None, partners=None):
        x, mask = self.embedding(ids)
        mask = mask.squeeze(-1)  # [B, L]
        if mix is not None and site == 'word' and partners is not None:
            mask = torch.maximum(mask, mask[partners])
        x = _mix_at('word', x, site, mix)
        lengths = mask.sum(1).clamp(min=1).long()
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        h, _ = self.lstm(packed)
        h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=ids.shape[1])
        scores = torch.tanh(h) @ self.att_w + (1 - mask) * -1e9
        a = torch.softmax(scores, dim=1).unsqueeze(-1)
        s = _mix_at('sentence', (a * h).sum(1), site, mix)
        return self.out(self.dropout(torch.relu(s)))


def build(name, cfg):
    if name == 'mlp':
        m = cfg['mlp']
        return Mlp(m['inputSize'], m['hiddenSizes'], m['numClasses'])
    if name == 'cnn':
        return KimCnn(cfg['vocabSize'], cfg['numClasses'], cfg['embeddingDim'], cfg['filterSizes'], cfg['numFilters'], cfg['dropout'])
    if name == 'lstm':
        return BiLstmAttention(cfg['vocabSize'], cfg['numClasses'], cfg['embeddingDim'], cfg['hiddenSize'], cfg['dropout'])
    raise ValueError(f'unknown model {name}')
