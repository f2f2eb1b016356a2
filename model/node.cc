#include "model/node.h"

#include <xxhash.h>

#include "model/forensics.h"
#include "model/witness.h"
#include "sim/check.h"

namespace model {
namespace {

std::uint64_t DocDigest(std::uint64_t key_hash, std::int64_t updated_at_ms) {
  unsigned char bytes[16];
  for (int i = 0; i < 8; ++i) {
    bytes[i] = static_cast<unsigned char>(key_hash >> (8 * i));
    bytes[8 + i] = static_cast<unsigned char>(static_cast<std::uint64_t>(updated_at_ms) >> (8 * i));
  }
  return XXH64(bytes, sizeof bytes, 0);
}

std::uint64_t Fold(std::uint64_t acc, std::uint64_t digest) {
  unsigned char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<unsigned char>(digest >> (8 * i));
  return XXH64(bytes, sizeof bytes, acc);
}

}  // namespace

Node::Node(World& world, NodeIndex index)
    : world_(world),
      index_(index),
      store_(world.keys, world.config.cluster.node_apply),
      failure_stream_(world.sim.seed(), "fault.write_failure." + world.node_names[index]) {}

void Node::BeginWriteFailure(std::uint32_t fault, const WriteFailure& config) {
  ActiveFailure failure{fault, config.probability, config.every, config.offset, 0, {}};
  if (!config.shards.empty()) {
    failure.shards.assign(world_.keys.shards(), false);
    for (const std::uint32_t s : config.shards) failure.shards.at(s) = true;
  }
  failures_.push_back(std::move(failure));
}

void Node::EndWriteFailure(std::uint32_t fault) {
  std::erase_if(failures_, [&](const ActiveFailure& f) { return f.fault == fault; });
}

bool Node::WriteFails(std::uint32_t shard, bool client) {
  for (ActiveFailure& f : failures_) {
    if (!f.shards.empty() && !f.shards[shard]) continue;
    if (f.every > 0) {
      if (client && f.seen++ % f.every == f.offset) return true;
      continue;
    }
    if (failure_stream_.Bernoulli(f.probability)) return true;
  }
  return false;
}

void Node::Reply(const sim::Message& to, std::uint32_t type, std::uint64_t w1, std::uint64_t w2,
                 std::uint64_t w3) {
  world_.sim.Send(sim::Message{to.to, to.from, type, 0, {to.words[0], w1, w2, w3}});
}

void Node::OnMessage(const sim::Message& message) {
  switch (message.type) {
    case kWrite:
      ApplyClientWrite(message);
      return;
    case kCopyWrite:
      ApplyCopy(message);
      return;
    case kPageRead: {
      const auto shard = static_cast<std::uint32_t>(message.words[1]);
      const auto limit = static_cast<std::uint32_t>(message.words[3]);
      const auto slot = static_cast<std::uint32_t>(message.words[3] >> 32);
      std::vector<DocCopy>& out = world_.payloads.docs(slot);
      out.clear();
      const std::uint32_t count = store_.Page(shard, message.words[2], limit, out);
      Reply(message, kPageData, slot, count);
      return;
    }
    case kGetDocs: {
      const auto slot = static_cast<std::uint32_t>(message.words[2]);
      std::vector<DocCopy>& docs = world_.payloads.docs(slot);
      std::size_t kept = 0;
      for (const DocCopy& wanted : docs) {
        if (const Version* v = store_.Get(wanted.doc)) docs[kept++] = DocCopy{wanted.doc, *v};
      }
      docs.resize(kept);
      Reply(message, kPageData, slot, kept);
      return;
    }
    case kDeleteShard: {
      const auto shard = static_cast<std::uint32_t>(message.words[1]);
      if (world_.forensics != nullptr) {
        world_.forensics->ForShard(shard, world_.keys, [&](DocId doc) {
          if (const Version* v = store_.Get(doc)) {
            Tell(doc, StepKind::kDeleted, Origin::kMigration, 0, v->write);
          }
        });
      }
      const std::uint64_t deleted = store_.DeleteShard(shard);
      world_.witness->ShardDeleted(index_, shard);
      Reply(message, kDeleteReply, deleted, 0);
      return;
    }
    case kFingerprint:
      Fingerprint(message);
      return;
    case kBucketList:
      BucketList(message);
      return;
    default:
      SIM_UNREACHABLE("node {} got message type {}", world_.node_names[index_], message.type);
  }
}

void Node::Tell(DocId doc, StepKind kind, Origin origin, std::uint64_t write,
                std::uint64_t before) {
  if (world_.forensics == nullptr) return;
  world_.forensics->Add(doc, Step{.at = world_.sim.now(), .kind = kind, .origin = origin,
                                  .node = index_, .write = write, .before = before});
}

void Node::ApplyClientWrite(const sim::Message& message) {
  const OpIndex first = message.words[1];
  const auto count = static_cast<std::uint32_t>(message.words[2]);
  const auto shard = static_cast<std::uint32_t>(message.words[2] >> 32);
  if (WriteFails(shard, /*client=*/true)) {
    Reply(message, kWriteReply, 0, shard);
    return;
  }
  // The shard's primary emits the change event of each client write it applies.
  const bool primary = world_.routes.owners(shard, 0).front() == index_;
  for (OpIndex op = first; op < first + count; ++op) {
    const Operation& o = world_.history.ops[op];
    if (o.shard != shard) continue;
    if (o.kind == OpKind::kPut) {
      const Version* held = store_.Get(o.doc);
      const std::uint64_t before = held != nullptr ? held->write : 0;
      const bool applied = store_.Put(o.doc, Version{o.updated_at_ms, WriteId(op)});
      if (applied) world_.witness->Put(index_, o.doc, shard, WriteId(op), before);
      Tell(o.doc, applied ? StepKind::kApplied : StepKind::kNotApplied, Origin::kClient,
           WriteId(op), before);
    } else {
      const Version* held = store_.Get(o.doc);
      const std::uint64_t before = held != nullptr ? held->write : 0;
      store_.Delete(o.doc);
      world_.witness->ClientDelete(index_, o.doc, shard, WriteId(op));
      if (before != 0) Tell(o.doc, StepKind::kDeleted, Origin::kClient, WriteId(op), before);
    }
    if (primary) world_.cdc.Emit(Origin::kClient, op);
  }
  Reply(message, kWriteReply, 1, shard);
}

void Node::ApplyCopy(const sim::Message& message) {
  const auto slot = static_cast<std::uint32_t>(message.words[1]);
  const auto origin = static_cast<Origin>(message.words[2]);
  const auto shard = static_cast<std::uint32_t>(message.words[3]);
  if (WriteFails(shard, /*client=*/false)) {
    Reply(message, kCopyReply, 0, 0);
    return;
  }
  std::uint64_t applied = 0;
  for (const DocCopy& copy : world_.payloads.docs(slot)) {
    const Version* current = store_.Get(copy.doc);
    // A copy brings what is missing or older; the store's rule does the rest.
    if (current != nullptr && current->write == copy.version.write) continue;
    const std::uint64_t before = current != nullptr ? current->write : 0;
    if (!store_.Put(copy.doc, copy.version)) {
      Tell(copy.doc, StepKind::kNotApplied, origin, copy.version.write, before);
      continue;
    }
    Tell(copy.doc, StepKind::kApplied, origin, copy.version.write, before);
    ++applied;
    world_.witness->Put(index_, copy.doc, shard, copy.version.write, before);
    world_.cdc.Emit(origin, copy.version.write - 1);  // internal: suppressed by its tag
  }
  Reply(message, kCopyReply, 1, applied);
}

void Node::Fingerprint(const sim::Message& message) {
  const auto shard = static_cast<std::uint32_t>(message.words[1]);
  const auto buckets = static_cast<std::uint32_t>(message.words[2]);
  const auto slot = static_cast<std::uint32_t>(message.words[3]);
  std::vector<std::uint64_t>& digests = world_.payloads.digests(slot);
  digests.assign(buckets, shard);  // each bucket's fold starts at the shard id, as the root
  std::uint64_t root = shard;
  std::uint64_t count = 0;
  // The original's reconciler reads the shard page by page,
  // fingerprint_batch_size documents at a time, into one streaming digest.
  const std::uint32_t batch = world_.config.anti_entropy.fingerprint_batch_size;
  SIM_ASSERT(batch > 0, "fingerprint_batch_size=0 past the loader");
  std::vector<DocCopy> page;
  page.reserve(batch);
  do {
    page.clear();
    store_.Page(shard, count, batch, page);
    for (const DocCopy& copy : page) {
      const std::uint64_t hash = world_.keys.bucket_hash(copy.doc);
      const std::uint64_t digest = DocDigest(hash, copy.version.updated_at_ms);
      root = Fold(root, digest);
      std::uint64_t& bucket = digests[hash % buckets];
      bucket = Fold(bucket, digest);
    }
    count += page.size();
  } while (page.size() == batch);
  Reply(message, kFingerprintReply, root, count, slot);
}

void Node::BucketList(const sim::Message& message) {
  const auto shard = static_cast<std::uint32_t>(message.words[1]);
  const auto mask_slot = static_cast<std::uint32_t>(message.words[2]);
  const auto out_slot = static_cast<std::uint32_t>(message.words[3]);
  // [bucket count, then a bitset of the wanted buckets]
  const std::vector<std::uint64_t>& wanted = world_.payloads.digests(mask_slot);
  const std::uint64_t buckets = wanted.at(0);
  std::vector<DocCopy>& out = world_.payloads.docs(out_slot);
  out.clear();
  store_.documents(shard).VisitFrom(0, [&](DocId doc) {
    const std::uint64_t bucket = world_.keys.bucket_hash(doc) % buckets;
    if ((wanted[1 + bucket / 64] >> (bucket % 64)) & 1) out.push_back({doc, *store_.Get(doc)});
    return true;
  });
  Reply(message, kPageData, out_slot, out.size());
}

}  // namespace model
