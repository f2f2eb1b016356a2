#include "model/ordered_docs.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "sim/rng_stream.h"

namespace model {
namespace {

std::vector<DocId> From(const OrderedDocs& docs, std::uint64_t offset) {
  std::vector<DocId> out;
  docs.VisitFrom(offset, [&](DocId doc) {
    out.push_back(doc);
    return true;
  });
  return out;
}

TEST(OrderedDocs, AgreesWithASortedSetUnderRandomInsertsAndErases) {
  OrderedDocs docs;
  std::set<DocId> model;
  sim::RngStream rng(7, "ordered-docs");
  for (int i = 0; i < 20'000; ++i) {
    const DocId doc = rng.Below(5'000);
    if (rng.Below(3) == 0) {
      EXPECT_EQ(docs.Erase(doc), model.erase(doc) == 1);
    } else {
      EXPECT_EQ(docs.Insert(doc), model.insert(doc).second);
    }
  }
  ASSERT_EQ(docs.size(), model.size());
  const std::vector<DocId> all(model.begin(), model.end());
  EXPECT_EQ(From(docs, 0), all);
  for (const std::uint64_t offset : {1ul, 511ul, 512ul, 1023ul, all.size() - 1, all.size()}) {
    EXPECT_EQ(From(docs, offset), std::vector<DocId>(all.begin() + offset, all.end())) << offset;
  }
}

TEST(OrderedDocs, VisitStopsWhenTheVisitorSaysSo) {
  OrderedDocs docs;
  for (DocId d = 0; d < 3000; ++d) docs.Insert(3000 - d);
  std::vector<DocId> first;
  docs.VisitFrom(1020, [&](DocId doc) {
    first.push_back(doc);
    return first.size() < 10;
  });
  EXPECT_EQ(first, (std::vector<DocId>{1021, 1022, 1023, 1024, 1025, 1026, 1027, 1028, 1029, 1030}));
  docs.Clear();
  EXPECT_EQ(docs.size(), 0u);
  EXPECT_TRUE(From(docs, 0).empty());
}

}  // namespace
}  // namespace model
