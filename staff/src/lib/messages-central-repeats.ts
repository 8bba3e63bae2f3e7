/** Head office's cross-site repeat visits (`/staff/central/reports`), in both languages. */
export const centralRepeatMessages = {
  crossSiteRepeats: { zh: '跨网点重复来访', en: 'Repeat visits across sites' },
  crossSiteRepeatsHint: {
    zh: '仅统计共用同一“组密钥”的网点（各网点只上报组内化名，不含证件号、掩码或网点散列）',
    en: 'Only sites sharing a group key count (they send a group pseudonym per visitor: no ID number, no masked form, no site hash)',
  },
  repeatedSameSite: { zh: '回到本网点', en: 'Back at the same site' },
  repeatedOtherSite: { zh: '去了其他网点', en: 'Next visit at another site' },
  otherSiteRate: { zh: '跨网点率', en: 'Cross-site rate' },
  siteFlowTitle: { zh: '网点流向（办结网点 → 下次来访网点）', en: 'Site flow (served at → next visit at)' },
  fromSite: { zh: '办结网点', en: 'Served at' },
  toSite: { zh: '下次来访网点', en: 'Next visit at' },
  visitCount: { zh: '人次', en: 'Visits' },
  fromService: { zh: '原业务', en: 'From service' },
  toService: { zh: '回访业务', en: 'To service' },
  sitesWithoutVisits: {
    zh: '未上报来访的网点（未配置组密钥）：{sites}',
    en: 'Sites that sent no visits (no group key): {sites}',
  },
};
