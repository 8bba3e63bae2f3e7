/**
 * Test cards for the emulated reader: one per card kind, plus cards a real reader can hand
 * over and the bridge must refuse. All people are invented; the numbers are made valid by
 * computing their check digit, so they pass the same checks as a real card.
 */
import { idCheckChar } from '../../drivers/idcard-sam/id-number';
import type { IdCard } from '../../drivers/idcard-sam/text-block';

export interface TestCard {
  /** What an operator types: `place card zhang-san`. */
  label: string;
  card: IdCard;
  /** Raw bytes to send instead of an encoded card (broken cards). */
  corrupt?: 'bad-check-digit' | 'unknown-marker';
}

const withCheck = (first17: string) => `${first17}${idCheckChar(first17)}`;
/** The same number with a check character that is certainly wrong (a misread). */
const wrongCheck = (first17: string) => `${first17}${idCheckChar(first17) === '0' ? '1' : '0'}`;

export const TEST_CARDS: TestCard[] = [
  {
    label: 'zhang-san',
    card: {
      kind: 'resident',
      name: '张三',
      sex: 'male',
      nation: '01',
      birth: '19800101',
      address: '北京市东城区演示路1号',
      idNumber: withCheck('11010119800101003'),
      authority: '北京市公安局东城分局',
      validFrom: '20200101',
      validTo: '20400101',
    },
  },
  {
    label: 'li-si',
    card: {
      kind: 'resident',
      name: '李四',
      sex: 'female',
      nation: '01',
      birth: '19550315',
      address: '上海市黄浦区测试街88号',
      idNumber: withCheck('31010119550315004'),
      authority: '上海市公安局黄浦分局',
      validFrom: '20150315',
      validTo: '长期',
    },
  },
  {
    label: 'chan-tai-man',
    card: {
      kind: 'hmt-permit',
      name: '陈大文',
      sex: 'male',
      birth: '19900505',
      address: '广东省深圳市福田区示例大道2号',
      idNumber: withCheck('81000019900505001'),
      authority: '深圳市公安局',
      validFrom: '20210601',
      validTo: '20260601',
      passNumber: 'H12345678',
      issueCount: '01',
    },
  },
  {
    label: 'john-smith',
    card: {
      kind: 'foreign-old',
      name: '史密斯',
      nameEn: 'SMITH, JOHN',
      sex: 'male',
      birth: '19751120',
      idNumber: 'USA110075112001',
      nationality: 'USA',
      validFrom: '20180101',
      validTo: '20280101',
      version: '05',
      officeCode: '1100',
    },
  },
  {
    label: 'anna-muller',
    card: {
      kind: 'foreign-2023',
      name: '安娜',
      nameEn: 'MULLER, ANNA MARIA',
      sex: 'female',
      birth: '19880808',
      idNumber: withCheck('93327619880808002'),
      nationality: 'DEU',
      validFrom: '20230901',
      validTo: '20330901',
      renewalCount: '00',
    },
  },
  {
    label: 'bad-check-digit',
    corrupt: 'bad-check-digit',
    card: {
      kind: 'resident',
      name: '王五',
      sex: 'male',
      nation: '01',
      birth: '19700202',
      idNumber: wrongCheck('11010119700202001'),
      validFrom: '20100101',
      validTo: '20300101',
    },
  },
  {
    label: 'unknown-marker',
    corrupt: 'unknown-marker',
    card: {
      kind: 'resident',
      name: '赵六',
      sex: 'female',
      nation: '01',
      birth: '19991231',
      idNumber: withCheck('11010119991231002'),
      validFrom: '20190101',
      validTo: '20290101',
    },
  },
];

export function findCard(label: string, cards: TestCard[] = TEST_CARDS): TestCard | undefined {
  return cards.find((c) => c.label === label);
}
